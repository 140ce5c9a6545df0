<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ComplaintsView</name>
    <message>
        <source>No complaints cached yet</source>
        <translation>尚未快取任何客訴</translation>
    </message>
    <message>
        <source>Customer complaints and the lots they point to appear here once the sync engine has read them from the CRM.</source>
        <translation>同步引擎從 CRM 讀取客訴後，客訴與其相關批號會顯示在這裡。</translation>
    </message>
</context>
<context>
    <name>MachinesView</name>
    <message>
        <source>No machine data yet</source>
        <translation>尚無機台資料</translation>
    </message>
    <message>
        <source>Machine states, OEE and current work orders appear here once the sync engine has read them from the MES.</source>
        <translation>同步引擎從 MES 讀取資料後，機台狀態、稼動率（OEE）與目前工單會顯示在這裡。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Gemba Console</source>
        <translation>Gemba 營運主控台</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Overview</source>
        <translation>總覽</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>訂單</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>機台</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>品質</translation>
    </message>
    <message>
        <source>Traceability</source>
        <translation>追溯</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>客訴</translation>
    </message>
    <message>
        <source>Planning</source>
        <translation>排程</translation>
    </message>
</context>
<context>
    <name>OrdersView</name>
    <message>
        <source>No orders cached yet</source>
        <translation>尚未快取任何訂單</translation>
    </message>
    <message>
        <source>Orders appear here once the sync engine has read them from the CRM.</source>
        <translation>同步引擎從 CRM 讀取訂單後，訂單會顯示在這裡。</translation>
    </message>
</context>
<context>
    <name>OverviewView</name>
    <message>
        <source>No figures yet</source>
        <translation>尚無指標數據</translation>
    </message>
    <message>
        <source>On-time delivery, OEE and complaint counts appear here once the sync engine has filled the local cache. Nothing has been synced yet.</source>
        <translation>同步引擎將資料寫入本機快取後，準時交貨率、稼動率（OEE）與客訴件數會顯示在這裡。目前尚未同步任何資料。</translation>
    </message>
</context>
<context>
    <name>PlanningView</name>
    <message>
        <source>No work orders cached yet</source>
        <translation>尚未快取任何工單</translation>
    </message>
    <message>
        <source>Capacity load and delivery-date checks appear here once the sync engine has read work orders and calendars from the MES.</source>
        <translation>同步引擎從 MES 讀取工單與行事曆後，產能負荷與交期評估會顯示在這裡。</translation>
    </message>
</context>
<context>
    <name>QualityView</name>
    <message>
        <source>No measurements cached yet</source>
        <translation>尚未快取任何量測資料</translation>
    </message>
    <message>
        <source>Control charts, capability and the defect Pareto appear here once the sync engine has read measurements from the MES.</source>
        <translation>同步引擎從 MES 讀取量測資料後，管制圖、製程能力與不良柏拉圖會顯示在這裡。</translation>
    </message>
</context>
<context>
    <name>SourceHealth</name>
    <message>
        <source>connecting</source>
        <translation>連線中</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已連線</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>不穩定</translation>
    </message>
    <message>
        <source>down</source>
        <translation>中斷</translation>
    </message>
    <message>
        <source>no success yet</source>
        <translation>尚未成功連線</translation>
    </message>
    <message>
        <source>last success {seconds} s ago</source>
        <translation>上次成功：{seconds} 秒前</translation>
    </message>
    <message>
        <source>last success {minutes} min ago</source>
        <translation>上次成功：{minutes} 分鐘前</translation>
    </message>
    <message>
        <source>last success {hours} h ago</source>
        <translation>上次成功：{hours} 小時前</translation>
    </message>
    <message>
        <source>last success {days} d ago</source>
        <translation>上次成功：{days} 天前</translation>
    </message>
    <message>
        <source>Source: {name} ({kind})</source>
        <translation>資料來源：{name}（{kind}）</translation>
    </message>
    <message>
        <source>URL: {url}</source>
        <translation>網址：{url}</translation>
    </message>
    <message>
        <source>State: {state}</source>
        <translation>狀態：{state}</translation>
    </message>
    <message>
        <source>Last success: {time}</source>
        <translation>上次成功：{time}</translation>
    </message>
    <message>
        <source>Last error: {error} (at {time})</source>
        <translation>最近錯誤：{error}（{time}）</translation>
    </message>
    <message>
        <source>Last error: {error}</source>
        <translation>最近錯誤：{error}</translation>
    </message>
    <message>
        <source>No errors</source>
        <translation>沒有錯誤</translation>
    </message>
    <message>
        <source>Consecutive failures: {count}</source>
        <translation>連續失敗次數：{count}</translation>
    </message>
</context>
<context>
    <name>SourceHealthBar</name>
    <message>
        <source>No sources configured</source>
        <translation>尚未設定資料來源</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Demo plant</source>
        <translation>示範工廠</translation>
    </message>
    <message>
        <source>The demo plant could not be started:
{error}</source>
        <translation>無法啟動示範工廠：
{error}</translation>
    </message>
</context>
<context>
    <name>TraceabilityView</name>
    <message>
        <source>No lots cached yet</source>
        <translation>尚未快取任何批號</translation>
    </message>
    <message>
        <source>Backward and forward traces appear here once the sync engine has read lots and their genealogy from the MES.</source>
        <translation>同步引擎從 MES 讀取批號與其履歷後，即可在這裡進行正向與反向追溯。</translation>
    </message>
</context>
</TS>
