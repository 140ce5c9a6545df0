<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>AlertBar</name>
    <message>
        <source>Alert</source>
        <translation>警示</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Open alerts ({count})</source>
        <translation>未處理警示（{count}）</translation>
    </message>
</context>
<context>
    <name>AlertList</name>
    <message>
        <source>Open alerts</source>
        <translation>未處理警示</translation>
    </message>
    <message>
        <source>No open alerts</source>
        <translation>沒有未處理的警示</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Dismiss all</source>
        <translation>全部關閉</translation>
    </message>
</context>
<context>
    <name>AlertText</name>
    <message>
        <source>{subject}: {rule}, since {time}</source>
        <translation>{subject}：{rule}，自 {time} 起</translation>
    </message>
    <message>
        <source>{machine} is down since {time}</source>
        <translation>{machine} 自 {time} 起停機</translation>
    </message>
    <message>
        <source>no open orders affected</source>
        <translation>沒有受影響的未結訂單</translation>
    </message>
    <message>
        <source>1 order of 1 customer affected</source>
        <translation>影響 1 位客戶的 1 張訂單</translation>
    </message>
    <message>
        <source>{orders} orders of 1 customer affected</source>
        <translation>影響 1 位客戶的 {orders} 張訂單</translation>
    </message>
    <message>
        <source>{orders} orders of {customers} customers affected</source>
        <translation>影響 {customers} 位客戶的 {orders} 張訂單</translation>
    </message>
    <message>
        <source>; key account: {names}</source>
        <translation>；重點客戶：{names}</translation>
    </message>
    <message>
        <source>; key accounts: {names}</source>
        <translation>；重點客戶：{names}</translation>
    </message>
    <message>
        <source>{customer} (key account)</source>
        <translation>{customer}（重點客戶）</translation>
    </message>
    <message>
        <source>promised {date}</source>
        <translation>承諾交期 {date}</translation>
    </message>
</context>
<context>
    <name>CachedFeedsModel</name>
    <message>
        <source>Data</source>
        <translation>資料</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>資料來源</translation>
    </message>
    <message>
        <source>Records held</source>
        <translation>筆數</translation>
    </message>
    <message>
        <source>Last synced</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>距今</translation>
    </message>
    <message>
        <source>{age} · stale</source>
        <translation>{age} · 已過時</translation>
    </message>
</context>
<context>
    <name>CapabilityPanel</name>
    <message>
        <source>n = {count}</source>
        <translation>n = {count}</translation>
    </message>
</context>
<context>
    <name>ComplaintDetail</name>
    <message>
        <source>Customer</source>
        <translation>客戶</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>訂單</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>產品</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批號</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序號</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>嚴重度</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>開立時間</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>調查結果</translation>
    </message>
    <message>
        <source>Backward trace of its lot</source>
        <translation>逆向追溯此批號</translation>
    </message>
    <message>
        <source>Open the Traceability view on what this lot was made from</source>
        <translation>在追溯畫面查看此批號由哪些材料製成</translation>
    </message>
    <message>
        <source>Raw and supplier lots this lot was made from</source>
        <translation>製成此批號的原料批號與供應商批號</translation>
    </message>
    <message>
        <source>Who else got this?</source>
        <translation>還有誰收到？</translation>
    </message>
    <message>
        <source>Forward trace of the chosen input lot: every lot, order and customer it reached</source>
        <translation>正向追溯所選投入批號：它流向的每個批號、訂單與客戶</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>追溯</translation>
    </message>
    <message>
        <source>Link to lot…</source>
        <translation>連結批號…</translation>
    </message>
    <message>
        <source>Add finding…</source>
        <translation>新增調查結果…</translation>
    </message>
    <message>
        <source>Lot number, e.g. L-000778</source>
        <translation>批號，例如 L-000778</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>連結</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>調查發現的內容</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>動作</translation>
    </message>
    <message>
        <source>{number} from {customer}</source>
        <translation>{number}，客戶：{customer}</translation>
    </message>
    <message>
        <source>No findings yet.</source>
        <translation>尚無調查結果。</translation>
    </message>
    <message>
        <source>No cached lot is linked to this complaint: link one to trace it.</source>
        <translation>此客訴尚未連結快取中的批號：請先連結批號再追溯。</translation>
    </message>
    <message>
        <source>Reading the lot&apos;s genealogy…</source>
        <translation>正在讀取批號系譜…</translation>
    </message>
    <message>
        <source>The cache knows no raw or supplier lot that went into this lot.</source>
        <translation>快取中沒有投入此批號的原料或供應商批號。</translation>
    </message>
    <message>
        <source>refused: {reason}</source>
        <translation>被拒絕：{reason}</translation>
    </message>
</context>
<context>
    <name>ComplaintFilters</name>
    <message>
        <source>All statuses</source>
        <translation>所有狀態</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>所有嚴重度</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>所有客戶</translation>
    </message>
    <message>
        <source>Search number, customer, order, lot…</source>
        <translation>搜尋編號、客戶、訂單、批號…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>嚴重度</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客戶</translation>
    </message>
    <message>
        <source>{shown} of {total} complaints</source>
        <translation>顯示 {shown} / {total} 件客訴</translation>
    </message>
</context>
<context>
    <name>Complaints</name>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>嚴重</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未處理</translation>
    </message>
    <message>
        <source>investigating</source>
        <translation>調查中</translation>
    </message>
    <message>
        <source>contained</source>
        <translation>已圍堵</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已結案</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小時</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分鐘</translation>
    </message>
</context>
<context>
    <name>ComplaintsModel</name>
    <message>
        <source>Complaint</source>
        <translation>客訴</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客戶</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>訂單</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>產品</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批號</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>嚴重度</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>天數</translation>
    </message>
</context>
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
    <message>
        <source>Offline: no sync engine is running, so findings and lot links cannot be queued for the CRM. Start the console with its sources to record them.</source>
        <translation>離線：同步引擎未執行，無法將調查結果與批號連結排入 CRM 的待送佇列。請以資料來源啟動主控台後再記錄。</translation>
    </message>
    <message>
        <source>Reading complaints from the cache…</source>
        <translation>正在從快取讀取客訴…</translation>
    </message>
    <message>
        <source>Complaints could not be read</source>
        <translation>無法讀取客訴</translation>
    </message>
    <message>
        <source>The Traceability view cannot open lots in this console yet.</source>
        <translation>此主控台的追溯畫面目前無法開啟批號。</translation>
    </message>
    <message>
        <source>Type the lot&apos;s number.</source>
        <translation>請輸入批號。</translation>
    </message>
    <message>
        <source>No cached lot has the number {number}. Check the number, or wait until the MES&apos;s lots are synced.</source>
        <translation>快取中沒有批號 {number}。請檢查批號，或等待 MES 的批號同步完成。</translation>
    </message>
    <message>
        <source>Link to lot {number}</source>
        <translation>連結批號 {number}</translation>
    </message>
    <message>
        <source>Write the finding first: it cannot be empty.</source>
        <translation>請先填寫調查結果：不可空白。</translation>
    </message>
    <message>
        <source>Finding: {text}</source>
        <translation>調查結果：{text}</translation>
    </message>
    <message>
        <source>Could not keep “{action}”: {error}</source>
        <translation>無法保存「{action}」：{error}</translation>
    </message>
</context>
<context>
    <name>ContextPanel</name>
    <message>
        <source>Made</source>
        <translation>製造</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批號</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工單</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>機台</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>時段</translation>
    </message>
    <message>
        <source>Machine states around then</source>
        <translation>當時的機台狀態</translation>
    </message>
    <message>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>From</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>結束</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>量測</translation>
    </message>
    <message>
        <source>Characteristic</source>
        <translation>品質特性</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>筆數</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>範圍</translation>
    </message>
    <message>
        <source>Rule violations</source>
        <translation>管制規則違反</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>缺陷</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代碼</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>記錄時間</translation>
    </message>
    <message>
        <source>Choose a lot in a trace.</source>
        <translation>請在追溯樹中選擇一個批號。</translation>
    </message>
    <message>
        <source>{lot} (reading…)</source>
        <translation>{lot}（讀取中…）</translation>
    </message>
    <message>
        <source>No state changes of this machine in this window.</source>
        <translation>此時段內此機台沒有狀態變化。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <source>No measurements of this lot or its work order.</source>
        <translation>此批號或其工單沒有量測資料。</translation>
    </message>
    <message>
        <source>No defects recorded for this lot.</source>
        <translation>此批號沒有缺陷紀錄。</translation>
    </message>
</context>
<context>
    <name>FeedNames</name>
    <message>
        <source>Customers</source>
        <translation>客戶</translation>
    </message>
    <message>
        <source>Customer contacts</source>
        <translation>客戶聯絡人</translation>
    </message>
    <message>
        <source>Sales orders</source>
        <translation>銷售訂單</translation>
    </message>
    <message>
        <source>Opportunities</source>
        <translation>商機</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>客訴</translation>
    </message>
    <message>
        <source>Shipments</source>
        <translation>出貨</translation>
    </message>
    <message>
        <source>Order activities</source>
        <translation>訂單活動</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>廠區</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>設備</translation>
    </message>
    <message>
        <source>Shift calendars</source>
        <translation>班別行事曆</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>產品</translation>
    </message>
    <message>
        <source>Work orders</source>
        <translation>工單</translation>
    </message>
    <message>
        <source>Machine status</source>
        <translation>機台狀態</translation>
    </message>
    <message>
        <source>Machine state changes</source>
        <translation>機台狀態變化</translation>
    </message>
    <message>
        <source>Production counts</source>
        <translation>生產數量</translation>
    </message>
    <message>
        <source>Downtime</source>
        <translation>停機紀錄</translation>
    </message>
    <message>
        <source>Quality characteristics</source>
        <translation>品質特性</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>量測資料</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>不良紀錄</translation>
    </message>
    <message>
        <source>Lots</source>
        <translation>批號</translation>
    </message>
    <message>
        <source>Lot genealogy</source>
        <translation>批號履歷</translation>
    </message>
    <message>
        <source>Serials</source>
        <translation>序號</translation>
    </message>
</context>
<context>
    <name>Freshness</name>
    <message>
        <source>just now</source>
        <translation>剛剛</translation>
    </message>
    <message>
        <source>{seconds} s ago</source>
        <translation>{seconds} 秒前</translation>
    </message>
    <message>
        <source>{minutes} min ago</source>
        <translation>{minutes} 分鐘前</translation>
    </message>
    <message>
        <source>{hours} h ago</source>
        <translation>{hours} 小時前</translation>
    </message>
    <message>
        <source>{days} d ago</source>
        <translation>{days} 天前</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Data as of {time} ({age})</source>
        <translation>資料時間 {time}（{age}）</translation>
    </message>
    <message>
        <source>{freshness} · stale</source>
        <translation>{freshness} · 已過時</translation>
    </message>
    <message>
        <source>Some of this view&apos;s data has not been read from its source for longer than a few polls: the source may be down. What is shown is the last data received.</source>
        <translation>此頁部分資料已超過數次輪詢未從來源讀取，來源可能已中斷。目前顯示的是最後收到的資料。</translation>
    </message>
    <message>
        <source>The oldest of this view&apos;s data, as last read from its source.</source>
        <translation>此頁最舊一筆資料上次從來源讀取的時間。</translation>
    </message>
</context>
<context>
    <name>MachineDetail</name>
    <message>
        <source>Machine {name}</source>
        <translation>機台 {name}</translation>
    </message>
    <message>
        <source>Minutes down</source>
        <translation>停機分鐘數</translation>
    </message>
    <message>
        <source>No downtime this shift</source>
        <translation>本班沒有停機</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>訂單</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客戶</translation>
    </message>
    <message>
        <source>Key account</source>
        <translation>重點客戶</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承諾交期</translation>
    </message>
    <message>
        <source>Work orders</source>
        <translation>工單</translation>
    </message>
    <message>
        <source>No open order waits on this machine</source>
        <translation>沒有未結訂單在等這台機台</translation>
    </message>
    <message>
        <source>Signals, last hour</source>
        <translation>訊號（最近一小時）</translation>
    </message>
    <message>
        <source>Downtime by reason, this shift</source>
        <translation>本班停機原因</translation>
    </message>
    <message>
        <source>Orders at risk</source>
        <translation>有風險的訂單</translation>
    </message>
    <message>
        <source>States this shift</source>
        <translation>本班狀態</translation>
    </message>
    <message>
        <source>for {duration}</source>
        <translation>已持續 {duration}</translation>
    </message>
    <message>
        <source>Work order {number}</source>
        <translation>工單 {number}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>MachineState</name>
    <message>
        <source>running</source>
        <translation>運轉中</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>閒置</translation>
    </message>
    <message>
        <source>setup</source>
        <translation>換線設定</translation>
    </message>
    <message>
        <source>down</source>
        <translation>停機</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>保養</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>離線</translation>
    </message>
    <message>
        <source>no status</source>
        <translation>無狀態</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分</translation>
    </message>
    <message>
        <source>{hours} h {minutes:02d} min</source>
        <translation>{hours} 小時 {minutes:02d} 分</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} 天 {hours} 小時</translation>
    </message>
</context>
<context>
    <name>MachineTileDelegate</name>
    <message>
        <source>no work order</source>
        <translation>無工單</translation>
    </message>
    <message>
        <source>Good {good} · Scrap {scrap}</source>
        <translation>良品 {good} · 報廢 {scrap}</translation>
    </message>
    <message>
        <source>OEE {value}</source>
        <translation>OEE {value}</translation>
    </message>
    <message>
        <source>A {a} · P {p} · Q {q}</source>
        <translation>稼 {a} · 效 {p} · 質 {q}</translation>
    </message>
</context>
<context>
    <name>MachineTileModel</name>
    <message>
        <source>Work order {number}</source>
        <translation>工單 {number}</translation>
    </message>
</context>
<context>
    <name>MachinesView</name>
    <message>
        <source>The period the OEE figures cover</source>
        <translation>OEE 數字涵蓋的期間</translation>
    </message>
    <message>
        <source>State (down first)</source>
        <translation>狀態（停機優先）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Filter: name, work order, customer, state</source>
        <translation>篩選：名稱、工單、客戶、狀態</translation>
    </message>
    <message>
        <source>OEE for</source>
        <translation>OEE 期間</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>No machine matches</source>
        <translation>沒有符合的機台</translation>
    </message>
    <message>
        <source>Clear the filter or choose another part of the plant on the left.</source>
        <translation>請清除篩選，或在左側選擇工廠的其他部分。</translation>
    </message>
    <message>
        <source>No machine data yet</source>
        <translation>尚無機台資料</translation>
    </message>
    <message>
        <source>Machine states, OEE and current work orders appear here once the sync engine has read them from the MES.</source>
        <translation>同步引擎從 MES 讀取資料後，機台狀態、稼動率（OEE）與目前工單會顯示在這裡。</translation>
    </message>
    <message>
        <source>{shown} of {total} machines · {down} down</source>
        <translation>顯示 {shown}／{total} 台機台 · {down} 台停機</translation>
    </message>
    <message>
        <source>OEE {oee} (A {a} · P {p} · Q {q})</source>
        <translation>OEE {oee}（稼 {a} · 效 {p} · 質 {q}）</translation>
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
    <name>OeePeriod</name>
    <message>
        <source>This shift</source>
        <translation>本班</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>最近 24 小時</translation>
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
    <message>
        <source>Orders cached: {count}</source>
        <translation>已快取的訂單：{count} 筆</translation>
    </message>
    <message>
        <source>This view&apos;s table arrives with the Orders view.</source>
        <translation>此頁的表格將隨「訂單」頁面推出。</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>傳送中</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已送出</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>遭拒絕</translation>
    </message>
    <message>
        <source>Promised date of {order} line {line} → {date}</source>
        <translation>{order} 第 {line} 行的承諾交期 → {date}</translation>
    </message>
    <message>
        <source>Customer notice on {order}: {subject}</source>
        <translation>{order} 的客戶通知：{subject}</translation>
    </message>
    <message>
        <source>Note on {order}: {subject}</source>
        <translation>{order} 的備註：{subject}</translation>
    </message>
    <message>
        <source>Activity on {order}: {subject}</source>
        <translation>{order} 的活動：{subject}</translation>
    </message>
    <message>
        <source>Finding on complaint {complaint}: {text}</source>
        <translation>客訴 {complaint} 的調查結果：{text}</translation>
    </message>
    <message>
        <source>Complaint {complaint} linked to lot {lot}</source>
        <translation>客訴 {complaint} 已連結批號 {lot}</translation>
    </message>
    <message>
        <source>Priority of work order {work_order} → {priority}</source>
        <translation>工單 {work_order} 的優先順序 → {priority}</translation>
    </message>
    <message>
        <source>{action} on {target}</source>
        <translation>{target} 的 {action}</translation>
    </message>
    <message>
        <source>The CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>The MES</source>
        <translation>MES</translation>
    </message>
    <message>
        <source>Source {source}</source>
        <translation>資料來源 {source}</translation>
    </message>
    <message>
        <source>{who} refused your change to {target}: {reason}</source>
        <translation>{who} 拒絕了您對 {target} 的變更：{reason}</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>未提供原因</translation>
    </message>
    <message>
        <source>1 action refused — review</source>
        <translation>1 項操作遭拒絕 — 請檢視</translation>
    </message>
    <message>
        <source>{count} actions refused — review</source>
        <translation>{count} 項操作遭拒絕 — 請檢視</translation>
    </message>
    <message>
        <source>1 action waiting to be sent</source>
        <translation>1 項操作等待送出</translation>
    </message>
    <message>
        <source>{count} actions waiting to be sent</source>
        <translation>{count} 項操作等待送出</translation>
    </message>
</context>
<context>
    <name>OutboxDialog</name>
    <message>
        <source>Outbox</source>
        <translation>待送清單</translation>
    </message>
    <message>
        <source>Changes you made are kept here until their source accepts them. A refused change waits for you: retry it (for example once the record is up to date) or drop it.</source>
        <translation>您所做的變更會保留在這裡，直到來源系統接受為止。遭拒絕的變更會等您處理：可以重試（例如在資料更新後），或放棄。</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent.</source>
        <translation>目前沒有等待送出的變更。</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重試</translation>
    </message>
    <message>
        <source>Send the refused change again</source>
        <translation>再次送出遭拒絕的變更</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>放棄</translation>
    </message>
    <message>
        <source>Give up this change; the source keeps its data</source>
        <translation>放棄這項變更；來源系統的資料維持不變</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Drop this change?</source>
        <translation>要放棄這項變更嗎？</translation>
    </message>
    <message>
        <source>“{what}” will not be sent. The source keeps its data as it is.</source>
        <translation>「{what}」將不會送出，來源系統的資料維持不變。</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>操作失敗：{error}</translation>
    </message>
</context>
<context>
    <name>OutboxIndicator</name>
    <message>
        <source>Open the outbox: your changes that are not sent yet</source>
        <translation>開啟待送清單：尚未送出的變更</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Made at</source>
        <translation>操作時間</translation>
    </message>
    <message>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>嘗試次數</translation>
    </message>
    <message>
        <source>Source&apos;s answer</source>
        <translation>來源回覆</translation>
    </message>
</context>
<context>
    <name>OutboxNotice</name>
    <message>
        <source>Review</source>
        <translation>檢視</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>關閉</translation>
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
    <message>
        <source>Cached data</source>
        <translation>已快取的資料</translation>
    </message>
    <message>
        <source>What the local cache holds, per source. The KPI page arrives with the Overview view; until then this shows that syncing works.</source>
        <translation>本機快取中各資料來源的資料。關鍵指標頁面將隨「總覽」頁面推出，在此之前，這裡可確認同步是否正常運作。</translation>
    </message>
</context>
<context>
    <name>PendingView</name>
    <message>
        <source>{feed}: {count}</source>
        <translation>{feed}：{count}</translation>
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
    <message>
        <source>Work orders cached: {count}</source>
        <translation>已快取的工單：{count} 筆</translation>
    </message>
    <message>
        <source>This view&apos;s capacity load arrives with the Planning view.</source>
        <translation>此頁的產能負荷將隨「排程」頁面推出。</translation>
    </message>
</context>
<context>
    <name>PlantTree</name>
    <message>
        <source>All machines</source>
        <translation>所有機台</translation>
    </message>
    <message>
        <source>Unassigned ({source})</source>
        <translation>未歸類（{source}）</translation>
    </message>
</context>
<context>
    <name>PointsModel</name>
    <message>
        <source>Measured</source>
        <translation>量測時間</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>量測值</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批號</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工單</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>機台</translation>
    </message>
</context>
<context>
    <name>QualityContent</name>
    <message>
        <source>Rule violations</source>
        <translation>判異規則觸發</translation>
    </message>
    <message>
        <source>Measurements behind it</source>
        <translation>相關量測</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Cumulative %</source>
        <translation>累計 %</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>製程能力</translation>
    </message>
    <message>
        <source>Defects (Pareto)</source>
        <translation>不良（柏拉圖）</translation>
    </message>
    <message>
        <source>No measurements in this window</source>
        <translation>此期間沒有量測資料</translation>
    </message>
    <message>
        <source>Nothing was measured for this characteristic in the chosen window and machine. Pick a longer window or all machines.</source>
        <translation>所選期間與機台沒有此品質特性的量測。請選擇較長的期間或全部機台。</translation>
    </message>
    <message>
        <source>Quality data could not be read: {error}</source>
        <translation>無法讀取品質資料：{error}</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>關鍵</translation>
    </message>
    <message>
        <source>too few points for control limits</source>
        <translation>點數不足，無法計算管制界限</translation>
    </message>
    <message>
        <source>{count} measurements</source>
        <translation>{count} 筆量測</translation>
    </message>
    <message>
        <source>{count} subgroups of {size}</source>
        <translation>{count} 組子群（每組 {size} 個）</translation>
    </message>
    <message>
        <source>limits from the first {count} points</source>
        <translation>管制界限取自前 {count} 點</translation>
    </message>
    <message>
        <source>{count} rule violations</source>
        <translation>{count} 項判異</translation>
    </message>
    <message>
        <source>Individuals ({unit})</source>
        <translation>個別值（{unit}）</translation>
    </message>
    <message>
        <source>Moving range</source>
        <translation>移動全距</translation>
    </message>
    <message>
        <source>Measurement</source>
        <translation>量測序</translation>
    </message>
    <message>
        <source>Subgroup mean ({unit})</source>
        <translation>子群平均（{unit}）</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>全距</translation>
    </message>
    <message>
        <source>Std. deviation</source>
        <translation>標準差</translation>
    </message>
    <message>
        <source>Subgroup</source>
        <translation>子群</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>數值</translation>
    </message>
    <message>
        <source>Centre line</source>
        <translation>中心線</translation>
    </message>
    <message>
        <source>Control limits</source>
        <translation>管制界限</translation>
    </message>
    <message>
        <source>Rule violation</source>
        <translation>判異點</translation>
    </message>
    <message>
        <source>Measurements behind it: {count}</source>
        <translation>相關量測：{count} 筆</translation>
    </message>
</context>
<context>
    <name>QualityPickers</name>
    <message>
        <source>Last 8 h</source>
        <translation>最近 8 小時</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>最近 24 小時</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>X̄-R (means and ranges)</source>
        <translation>X̄-R 管制圖（平均值與全距）</translation>
    </message>
    <message>
        <source>X̄-S (means and std. deviations)</source>
        <translation>X̄-S 管制圖（平均值與標準差）</translation>
    </message>
    <message>
        <source>I-MR (individuals)</source>
        <translation>I-MR 管制圖（個別值）</translation>
    </message>
    <message>
        <source>Recompute limits</source>
        <translation>重新計算管制界限</translation>
    </message>
    <message>
        <source>Take the control limits again from the first subgroups of the window shown. Until then new points are judged against the limits you have.</source>
        <translation>以目前期間的前幾組子群重新計算管制界限。在此之前，新資料點仍以現有界限判定。</translation>
    </message>
    <message>
        <source>All machines</source>
        <translation>全部機台</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>產品</translation>
    </message>
    <message>
        <source>Characteristic</source>
        <translation>品質特性</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>機台</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>管制圖</translation>
    </message>
    <message>
        <source>{name} · critical</source>
        <translation>{name} · 關鍵</translation>
    </message>
</context>
<context>
    <name>QualityView</name>
    <message>
        <source>No quality characteristics cached yet</source>
        <translation>尚未快取任何品質特性</translation>
    </message>
    <message>
        <source>Control charts, capability and the defect Pareto appear here once the sync engine has read the characteristics to control and their measurements from the MES.</source>
        <translation>同步引擎從 MES 讀取管制的品質特性與量測後，這裡會顯示管制圖、製程能力與不良柏拉圖。</translation>
    </message>
    <message>
        <source>Reading quality data from the cache…</source>
        <translation>正在從快取讀取品質資料…</translation>
    </message>
    <message>
        <source>Quality data could not be read</source>
        <translation>無法讀取品質資料</translation>
    </message>
</context>
<context>
    <name>RecallDialog</name>
    <message>
        <source>Recall scope of lot {lot}</source>
        <translation>批號 {lot} 的召回範圍</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>匯出 CSV…</translation>
    </message>
    <message>
        <source>Export XLSX…</source>
        <translation>匯出 XLSX…</translation>
    </message>
    <message>
        <source>No shipment in the cache carried lot {lot} or anything made from it.</source>
        <translation>快取中沒有任何出貨包含批號 {lot} 或由其製成的產品。</translation>
    </message>
    <message>
        <source>{shipments} shipments of {lots} lots to {customers} customers ({keys} key accounts), {orders} sales orders.</source>
        <translation>{lots} 個批號的 {shipments} 筆出貨，送往 {customers} 位客戶（其中 {keys} 位重要客戶），共 {orders} 張銷售訂單。</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 檔案 (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 活頁簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export recall scope</source>
        <translation>匯出召回範圍</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>匯出失敗</translation>
    </message>
    <message>
        <source>The file could not be written:
{error}</source>
        <translation>無法寫入檔案：
{error}</translation>
    </message>
</context>
<context>
    <name>RecallModel</name>
    <message>
        <source>Customer</source>
        <translation>客戶</translation>
    </message>
    <message>
        <source>Key account</source>
        <translation>重要客戶</translation>
    </message>
    <message>
        <source>Sales order</source>
        <translation>銷售訂單</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>出貨時間</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批號</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>產品</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>聯絡人</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>電子郵件</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>key account</source>
        <translation>重要客戶</translation>
    </message>
</context>
<context>
    <name>RuleTexts</name>
    <message>
        <source>A point beyond the control limits (3 sigma)</source>
        <translation>1 點超出管制界限（3σ）</translation>
    </message>
    <message>
        <source>9 points in a row on the same side of the centre line</source>
        <translation>連續 9 點落在中心線同一側</translation>
    </message>
    <message>
        <source>6 points in a row steadily increasing or decreasing</source>
        <translation>連續 6 點持續上升或下降</translation>
    </message>
    <message>
        <source>14 points in a row alternating up and down</source>
        <translation>連續 14 點交互上下</translation>
    </message>
    <message>
        <source>2 of 3 points beyond 2 sigma, on the same side</source>
        <translation>連續 3 點中有 2 點在同側超出 2σ</translation>
    </message>
    <message>
        <source>4 of 5 points beyond 1 sigma, on the same side</source>
        <translation>連續 5 點中有 4 點在同側超出 1σ</translation>
    </message>
    <message>
        <source>15 points in a row within 1 sigma of the centre line</source>
        <translation>連續 15 點落在中心線 1σ 以內</translation>
    </message>
    <message>
        <source>8 points in a row beyond 1 sigma, on either side</source>
        <translation>連續 8 點超出 1σ（任一側）</translation>
    </message>
    <message>
        <source>8 points in a row on the same side of the centre line</source>
        <translation>連續 8 點落在中心線同一側</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>數值</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>變異</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Lot, serial, work order, sales order or supplier lot</source>
        <translation>批號、序號、工單、銷售訂單或供應商批號</translation>
    </message>
    <message>
        <source>Type a number and press Enter to find the lots it leads to.</source>
        <translation>輸入編號後按下輸入鍵，找出相關的批號。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>搜尋中…</translation>
    </message>
    <message>
        <source>Nothing found for “{text}”.</source>
        <translation>找不到「{text}」。</translation>
    </message>
    <message>
        <source>Found for “{text}”:</source>
        <translation>「{text}」的搜尋結果：</translation>
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
    <message>
        <source>Local cache</source>
        <translation>本機快取</translation>
    </message>
    <message>
        <source>The local cache could not be opened:
{error}</source>
        <translation>無法開啟本機快取：
{error}</translation>
    </message>
</context>
<context>
    <name>StateTimeline</name>
    <message>
        <source>No state history</source>
        <translation>沒有狀態紀錄</translation>
    </message>
</context>
<context>
    <name>SyncNowButton</name>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>No sources configured: showing the cache as it is</source>
        <translation>尚未設定資料來源：顯示快取中現有的資料</translation>
    </message>
    <message>
        <source>Read every feed from every source now</source>
        <translation>立即從所有資料來源讀取所有資料</translation>
    </message>
</context>
<context>
    <name>TraceTexts</name>
    <message>
        <source>Lot</source>
        <translation>批號</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>產品</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>單位</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工單</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>機台</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>建立時間</translation>
    </message>
    <message>
        <source>raw</source>
        <translation>原料</translation>
    </message>
    <message>
        <source>WIP</source>
        <translation>在製品</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>成品</translation>
    </message>
    <message>
        <source>not in the cache</source>
        <translation>不在快取中</translation>
    </message>
    <message>
        <source>{lot} (cycle: already above)</source>
        <translation>{lot}（循環：已出現在上層）</translation>
    </message>
    <message>
        <source>This lot already appears above on this path: the genealogy holds a cycle, which is bad data in the MES. It is not expanded again.</source>
        <translation>此批號已出現在這條路徑的上層：批號系譜中有循環，屬於 MES 的錯誤資料，不再展開。</translation>
    </message>
    <message>
        <source>Lots</source>
        <translation>批號</translation>
    </message>
    <message>
        <source>Serials</source>
        <translation>序號</translation>
    </message>
    <message>
        <source>Work orders</source>
        <translation>工單</translation>
    </message>
    <message>
        <source>Sales orders</source>
        <translation>銷售訂單</translation>
    </message>
    <message>
        <source>Supplier lots</source>
        <translation>供應商批號</translation>
    </message>
    <message>
        <source>{count} lots</source>
        <translation>{count} 個批號</translation>
    </message>
    <message>
        <source>not provided by this source</source>
        <translation>此資料來源未提供</translation>
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
    <message>
        <source>Backward (where it came from)</source>
        <translation>逆向追溯（來源）</translation>
    </message>
    <message>
        <source>Forward (where it went)</source>
        <translation>正向追溯（去向）</translation>
    </message>
    <message>
        <source>No lot chosen yet: search for one on the left.</source>
        <translation>尚未選擇批號：請在左側搜尋。</translation>
    </message>
    <message>
        <source>Recall scope…</source>
        <translation>召回範圍…</translation>
    </message>
    <message>
        <source>Every shipment of this lot or of anything made from it, with orders, customers and contacts</source>
        <translation>此批號及由其製成之產品的所有出貨，連同訂單、客戶與聯絡人</translation>
    </message>
    <message>
        <source>Reading lots and their genealogy…</source>
        <translation>正在讀取批號及其系譜…</translation>
    </message>
    <message>
        <source>Lots could not be read from the cache</source>
        <translation>無法從快取讀取批號</translation>
    </message>
    <message>
        <source>Lot {lot} is not in the cache.</source>
        <translation>批號 {lot} 不在快取中。</translation>
    </message>
    <message>
        <source>Lot {lot}</source>
        <translation>批號 {lot}</translation>
    </message>
    <message>
        <source>supplier lot {lot} ({supplier})</source>
        <translation>供應商批號 {lot}（{supplier}）</translation>
    </message>
    <message>
        <source>The search failed: {error}</source>
        <translation>搜尋失敗：{error}</translation>
    </message>
    <message>
        <source>The process context could not be read: {error}</source>
        <translation>無法讀取製程資訊：{error}</translation>
    </message>
    <message>
        <source>The recall scope could not be read: {error}</source>
        <translation>無法讀取召回範圍：{error}</translation>
    </message>
</context>
<context>
    <name>ViolationsModel</name>
    <message>
        <source>Since</source>
        <translation>起始時間</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>規則</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>圖</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>點數</translation>
    </message>
</context>
</TS>
