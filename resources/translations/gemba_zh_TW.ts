<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Gemba Console</source>
        <translation>關於 Gemba 營運主控台</translation>
    </message>
    <message>
        <source>Gemba Console</source>
        <translation>Gemba 營運主控台</translation>
    </message>
    <message>
        <source>Orders, machines, quality and lots together.</source>
        <translation>訂單、機台、品質與批號，集中在同一處。</translation>
    </message>
    <message>
        <source>Python {python}, Qt {qt}, PySide6 {pyside}</source>
        <translation>Python {python}、Qt {qt}、PySide6 {pyside}</translation>
    </message>
    <message>
        <source>Bundled components</source>
        <translation>內含元件</translation>
    </message>
    <message>
        <source>Gemba Console is built on these open-source components; each is used under its own licence. Qt and PySide6 are separate libraries in the installation folder.</source>
        <translation>Gemba 營運主控台以下列開放原始碼元件建置，各元件依其本身的授權條款使用。Qt 與 PySide6 是安裝資料夾中的獨立程式庫。</translation>
    </message>
    <message>
        <source>Version unknown</source>
        <translation>版本不明</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>版本 {version}</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>元件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>授權條款</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未安裝</translation>
    </message>
</context>
<context>
    <name>Ages</name>
    <message>
        <source>just now</source>
        <translation>剛剛</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分鐘</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小時</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>{n} s ago</source>
        <translation>{n} 秒前</translation>
    </message>
    <message>
        <source>{n} min ago</source>
        <translation>{n} 分鐘前</translation>
    </message>
    <message>
        <source>{n} h ago</source>
        <translation>{n} 小時前</translation>
    </message>
    <message>
        <source>{n} d ago</source>
        <translation>{n} 天前</translation>
    </message>
</context>
<context>
    <name>AlertBar</name>
    <message>
        <source>Alert</source>
        <translation>警示</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>確認</translation>
    </message>
    <message>
        <source>Every alarm is acknowledged; {count} still active</source>
        <translation>所有警報皆已確認；仍有 {count} 個作用中</translation>
    </message>
    <message>
        <source>Alarms ({count})</source>
        <translation>警報（{count}）</translation>
    </message>
</context>
<context>
    <name>AlertList</name>
    <message>
        <source>Alarms</source>
        <translation>警報</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>需要處理</translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation>未確認</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>已擱置</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>開始於</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>警報</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次數</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>負責人</translation>
    </message>
    <message>
        <source>Orders affected</source>
        <translation>受影響訂單</translation>
    </message>
    <message>
        <source>No alarms need attention</source>
        <translation>目前沒有需要處理的警報</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>日誌</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>確認</translation>
    </message>
    <message>
        <source>Acknowledge all</source>
        <translation>全部確認</translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation>擱置…</translation>
    </message>
    <message>
        <source>Unshelve</source>
        <translation>取消擱置</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>指派…</translation>
    </message>
    <message>
        <source>Comment…</source>
        <translation>留言…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>顯示</translation>
    </message>
    <message>
        <source>Nobody has acted on this alarm yet.</source>
        <translation>尚無人處理此警報。</translation>
    </message>
    <message>
        <source>Assign alarm</source>
        <translation>指派警報</translation>
    </message>
    <message>
        <source>Assign to (name or login)</source>
        <translation>指派給（姓名或登入帳號）</translation>
    </message>
    <message>
        <source>Comment on alarm</source>
        <translation>警報留言</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>留言</translation>
    </message>
    <message>
        <source>High: key account</source>
        <translation>高：重要客戶</translation>
    </message>
    <message>
        <source>Medium: orders</source>
        <translation>中：影響訂單</translation>
    </message>
    <message>
        <source>Low: no orders</source>
        <translation>低：無訂單受影響</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>作用中</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>已解除</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>已確認</translation>
    </message>
    <message>
        <source>unacknowledged</source>
        <translation>未確認</translation>
    </message>
    <message>
        <source>{state}, {acknowledgement}</source>
        <translation>{state}，{acknowledgement}</translation>
    </message>
    <message>
        <source>, shelved until {time}</source>
        <translation>，擱置至 {time}</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>某人</translation>
    </message>
    <message>
        <source>shelved until {time}: {reason}</source>
        <translation>擱置至 {time}：{reason}</translation>
    </message>
    <message>
        <source>unshelved</source>
        <translation>取消擱置</translation>
    </message>
    <message>
        <source>assigned it to {person}</source>
        <translation>指派給 {person}</translation>
    </message>
    <message>
        <source>commented: {text}</source>
        <translation>留言：{text}</translation>
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
    <name>CacheCheck</name>
    <message>
        <source>The local cache is damaged ({problem}). Keep working: it will be rebuilt from the sources when the console next starts, and the actions waiting to be sent will be kept.</source>
        <translation>本機快取已損壞（{problem}）。可繼續工作：主控台下次啟動時會從資料來源重建快取，待傳送的操作會保留。</translation>
    </message>
    <message>
        <source>Local cache</source>
        <translation>本機快取</translation>
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
    <name>CapacityCharts</name>
    <message>
        <source>W{week}</source>
        <translation>第{week}週</translation>
    </message>
    <message>
        <source>Hours per week</source>
        <translation>每週工時</translation>
    </message>
    <message>
        <source>Firm orders</source>
        <translation>確定訂單</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>預測</translation>
    </message>
    <message>
        <source>Opportunities × probability</source>
        <translation>商機 × 機率</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>產能</translation>
    </message>
    <message>
        <source>+{hours} h</source>
        <translation>+{hours} 小時</translation>
    </message>
    <message>
        <source>Ordered per week</source>
        <translation>每週訂購量</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>已訂購</translation>
    </message>
    <message>
        <source>Uncertainty band</source>
        <translation>不確定區間</translation>
    </message>
</context>
<context>
    <name>CapacityPanel</name>
    <message>
        <source>No capacity to compare yet</source>
        <translation>尚無可比較的產能</translation>
    </message>
    <message>
        <source>Demand against capacity appears here once the MES has sent work centers, machines and shift calendars.</source>
        <translation>MES 傳送工作中心、機台與班別行事曆後，需求與產能的比較會顯示在這裡。</translation>
    </message>
    <message>
        <source>No order history yet: a forecast needs at least one complete week of orders. Until then the demand is firm orders and opportunities only.</source>
        <translation>尚無訂單歷史：預測至少需要一整週的訂單資料。在此之前，需求只包含確定訂單與商機。</translation>
    </message>
    <message>
        <source>Work center:</source>
        <translation>工作中心：</translation>
    </message>
    <message>
        <source>Forecast for product:</source>
        <translation>預測產品：</translation>
    </message>
    <message>
        <source>The capacity outlook could not be computed: {error}</source>
        <translation>無法計算產能展望：{error}</translation>
    </message>
    <message>
        <source>Weeks short of capacity: {count}</source>
        <translation>產能不足的週數：{count}</translation>
    </message>
    <message>
        <source>No week short of capacity</source>
        <translation>沒有產能不足的週</translation>
    </message>
    <message>
        <source>{week} ({day}): {gap} h short
{demand} h needed, {available} h available</source>
        <translation>{week}（{day}）：不足 {gap} 小時
需求 {demand} 小時，可用 {available} 小時</translation>
    </message>
    <message>
        <source>Next {weeks} weeks: {demand} h of demand ({firm} h firm) against {available} h of capacity.</source>
        <translation>未來 {weeks} 週：需求 {demand} 小時（確定訂單 {firm} 小時），產能 {available} 小時。</translation>
    </message>
    <message>
        <source>Holt-Winters, trend and {season}-week season</source>
        <translation>三重指數平滑法，含趨勢與 {season} 週季節週期</translation>
    </message>
    <message>
        <source>mean of the recent weeks (too little history for a season)</source>
        <translation>近幾週平均（歷史資料不足以判斷季節性）</translation>
    </message>
    <message>
        <source>{method}; band ± {band} a week; about {mean} a week, work due {lead} week(s) after ordering.</source>
        <translation>{method}；區間每週 ± {band}；每週約 {mean}，下單後 {lead} 週到期。</translation>
    </message>
</context>
<context>
    <name>ComplaintDetail</name>
    <message>
        <source>Customer page</source>
        <translation>客戶頁面</translation>
    </message>
    <message>
        <source>Open this customer's page: orders, deliveries, complaints, lots and contacts</source>
        <translation>開啟此客戶的頁面：訂單、交貨、客訴、批號與聯絡人</translation>
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
        <source>Reading the lot's genealogy…</source>
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
        <source>Tryton keeps no lot on a complaint (a complaint refers to a sale or a sale line), so a link to a lot cannot be written there.</source>
        <translation>Tryton 的客訴不記錄批號（客訴只對應銷售單或銷售明細），因此無法在那裡寫入批號連結。</translation>
    </message>
    <message>
        <source>The Traceability view cannot open lots in this console yet.</source>
        <translation>此主控台的追溯畫面目前無法開啟批號。</translation>
    </message>
    <message>
        <source>Type the lot's number.</source>
        <translation>請輸入批號。</translation>
    </message>
    <message>
        <source>No cached lot has the number {number}. Check the number, or wait until the MES's lots are synced.</source>
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
    <name>ConnectionsDialog</name>
    <message>
        <source>Two sources are called “%1”: each needs its own name.</source>
        <translation>有兩個來源都叫「%1」：每個來源需要自己的名稱。</translation>
    </message>
    <message>
        <source>Only one CRM source can be used at a time (now: %1); remove one or make it an MES source.</source>
        <translation>一次只能使用一個 CRM 來源（目前：%1）；請移除一個，或改為 MES 來源。</translation>
    </message>
    <message>
        <source>Add at least one MES source: the console joins the CRM with the shop floor.</source>
        <translation>請至少加入一個 MES 來源：主控台要把 CRM 與現場連結起來。</translation>
    </message>
    <message>
        <source>Sources and connections</source>
        <translation>來源與連線</translation>
    </message>
    <message>
        <source>The saved sources could not be read (%1); Save replaces the file.</source>
        <translation>無法讀取已儲存的來源（%1）；按「儲存」會取代該檔案。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>來源</translation>
    </message>
    <message>
        <source>No sources yet — add the CRM and the MES the console should read.</source>
        <translation>尚無來源——請加入主控台要讀取的 CRM 與 MES。</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>測試連線</translation>
    </message>
    <message>
        <source>Map machines…</source>
        <translation>對應機台…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>This source has a problem: see the form.</source>
        <translation>此來源有問題：請看表單。</translation>
    </message>
    <message>
        <source>Correct the marked fields of: %1.</source>
        <translation>請修正以下來源中標示的欄位：%1。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>測試中…</translation>
    </message>
    <message>
        <source>Correct the problems listed above first.</source>
        <translation>請先修正上面列出的問題。</translation>
    </message>
    <message>
        <source>Cannot test here: no event loop.</source>
        <translation>無法在此測試：沒有事件迴圈。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在連線到 %1…</translation>
    </message>
    <message>
        <source>The test itself failed (%1).</source>
        <translation>測試本身失敗（%1）。</translation>
    </message>
    <message>
        <source>✓ Connection works: %1</source>
        <translation>✓ 連線正常：%1</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>Saved, but a secret typed here was not kept: no OS keyring answers on this machine. Set %1 in the environment of the console and the sync agent.</source>
        <translation>已儲存，但在此輸入的機密未被保存：這台電腦沒有可用的作業系統金鑰圈。請在主控台與同步代理程式的環境中設定 %1。</translation>
    </message>
</context>
<context>
    <name>ConnectionsMenu</name>
    <message>
        <source>Connections saved</source>
        <translation>連線已儲存</translation>
    </message>
    <message>
        <source>The console connects to the saved sources when it starts again. What is cached now stays until then.</source>
        <translation>主控台下次啟動時會連線到已儲存的來源。在那之前，目前快取的資料維持不變。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重新啟動</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍後</translation>
    </message>
    <message>
        <source>Connections…</source>
        <translation>連線…</translation>
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
        <translation>判異規則觸發</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>不良</translation>
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
        <translation>此批號沒有不良紀錄。</translation>
    </message>
</context>
<context>
    <name>CustomerPage</name>
    <message>
        <source>Customer {id}</source>
        <translation>客戶 {id}</translation>
    </message>
    <message>
        <source>Key account</source>
        <translation>重點客戶</translation>
    </message>
    <message>
        <source>Reading the cache…</source>
        <translation>正在讀取快取…</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>訂單</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>項次</translation>
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
        <source>Progress</source>
        <translation>進度</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承諾交期</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>預計完工</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>風險</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>No open order lines: everything ordered has been delivered.</source>
        <translation>沒有未結訂單項次：訂購的產品皆已交貨。</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>下單日期</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>交貨日期</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>前置時間</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>準時</translation>
    </message>
    <message>
        <source>Nothing delivered to this customer yet: no on-time history or lead times.</source>
        <translation>尚未交貨給此客戶：沒有準時交貨紀錄或前置時間。</translation>
    </message>
    <message>
        <source>Recent deliveries</source>
        <translation>近期交貨</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>客訴</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>開立時間</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>天數</translation>
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
        <source>Category</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批號</translation>
    </message>
    <message>
        <source>No complaints from this customer.</source>
        <translation>此客戶沒有客訴。</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>出貨時間</translation>
    </message>
    <message>
        <source>No lots shipped to this customer.</source>
        <translation>沒有出貨給此客戶的批號。</translation>
    </message>
    <message>
        <source>Opportunity</source>
        <translation>商機</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>階段</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>機率</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>加權數量</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>預計成交日</translation>
    </message>
    <message>
        <source>No open opportunities with this customer.</source>
        <translation>此客戶沒有進行中的商機。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
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
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>No contacts of this customer in the cache.</source>
        <translation>快取中沒有此客戶的聯絡人。</translation>
    </message>
    <message>
        <source>The customer could not be read from the cache: {error}</source>
        <translation>無法從快取讀取此客戶：{error}</translation>
    </message>
    <message>
        <source>The cache holds no customer {id} from {source}.</source>
        <translation>快取中沒有來自 {source} 的客戶 {id}。</translation>
    </message>
    <message>
        <source>Customer: {name}</source>
        <translation>客戶：{name}</translation>
    </message>
    <message>
        <source>No. {number}</source>
        <translation>編號 {number}</translation>
    </message>
    <message>
        <source>Country {country}</source>
        <translation>國家 {country}</translation>
    </message>
    <message>
        <source>Language {language}</source>
        <translation>語言 {language}</translation>
    </message>
    <message>
        <source>CRM {source}</source>
        <translation>CRM {source}</translation>
    </message>
    <message>
        <source>{n} open order lines ({late} late, {risky} at risk)</source>
        <translation>{n} 個未結訂單項次（{late} 個延遲，{risky} 個有風險）</translation>
    </message>
    <message>
        <source>on time {rate} %</source>
        <translation>準時交貨率 {rate} %</translation>
    </message>
    <message>
        <source>no deliveries yet</source>
        <translation>尚無交貨</translation>
    </message>
    <message>
        <source>{n} open complaints</source>
        <translation>{n} 件未處理客訴</translation>
    </message>
    <message>
        <source>{n} open opportunities</source>
        <translation>{n} 個進行中商機</translation>
    </message>
    <message>
        <source>Open orders</source>
        <translation>未結訂單</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>交貨</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>客訴</translation>
    </message>
    <message>
        <source>Lots shipped</source>
        <translation>出貨批號</translation>
    </message>
    <message>
        <source>Opportunities</source>
        <translation>商機</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>聯絡人</translation>
    </message>
    <message>
        <source>{percent} % ({done} {unit})</source>
        <translation>{percent} %（{done} {unit}）</translation>
    </message>
    <message>
        <source>median lead time {days} days from order to last shipment</source>
        <translation>從下單到最後一次出貨的前置時間中位數 {days} 天</translation>
    </message>
    <message>
        <source>On time: {rate} % ({on_time} of {total} lines delivered on or before the promised date) · {lead}</source>
        <translation>準時交貨率：{rate} %（{total} 個項次中有 {on_time} 個於承諾交期當天或之前交貨）· {lead}</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>準時</translation>
    </message>
    <message>
        <source>{n} d late</source>
        <translation>延遲 {n} 天</translation>
    </message>
    <message>
        <source>{open} open, {closed} closed</source>
        <translation>{open} 件未處理，{closed} 件已結案</translation>
    </message>
    <message>
        <source>Weighted (quantity × probability): {total}</source>
        <translation>加權數量（數量 × 機率）：{total}</translation>
    </message>
    <message>
        <source>qualify</source>
        <translation>評估</translation>
    </message>
    <message>
        <source>propose</source>
        <translation>提案</translation>
    </message>
    <message>
        <source>negotiate</source>
        <translation>議價</translation>
    </message>
    <message>
        <source>won</source>
        <translation>已成交</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>未成交</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>Type a date as {iso} or {local}, or pick one from the calendar.</source>
        <translation>輸入日期，格式如 {iso} 或 {local}，或從月曆中選取。</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>月曆</translation>
    </message>
</context>
<context>
    <name>DateText</name>
    <message>
        <source>d MMM</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>yyyy-MM-dd</source>
        <translation>yyyy/MM/dd</translation>
    </message>
    <message>
        <source>yyyy-MM-dd HH:mm:ss</source>
        <translation>yyyy/MM/dd HH:mm:ss</translation>
    </message>
    <message>
        <source>yyyy-MM-dd HH:mm</source>
        <translation>yyyy/MM/dd HH:mm</translation>
    </message>
</context>
<context>
    <name>DeliveryChart</name>
    <message>
        <source>Lines delivered</source>
        <translation>已交貨項次</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>準時</translation>
    </message>
    <message>
        <source>late</source>
        <translation>延遲</translation>
    </message>
</context>
<context>
    <name>EventLogView</name>
    <message>
        <source>All rules</source>
        <translation>全部規則</translation>
    </message>
    <message>
        <source>Draft notice…</source>
        <translation>草擬通知…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>規則</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>發生了什麼</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>動作</translation>
    </message>
    <message>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>No rule has fired yet</source>
        <translation>尚無規則觸發</translation>
    </message>
    <message>
        <source>Firings are listed here once the sync engine brings a change a rule watches for: a slipping order, a machine down longer than an order's slack, a severe complaint.</source>
        <translation>同步引擎帶來規則所監看的變化時，觸發紀錄會列在這裡：交期延誤的訂單、停機超過訂單寬裕時間的機台、嚴重的客訴。</translation>
    </message>
    <message>
        <source>Rule:</source>
        <translation>規則：</translation>
    </message>
    <message>
        <source>no longer in the outbox</source>
        <translation>已不在待送清單</translation>
    </message>
</context>
<context>
    <name>ExpeditePanel</name>
    <message>
        <source>Choose a work order to expedite.</source>
        <translation>請選擇要提高優先順序的工單。</translation>
    </message>
    <message>
        <source>Priority {level}</source>
        <translation>優先順序 {level}</translation>
    </message>
    <message>
        <source>Show the effect</source>
        <translation>查看影響</translation>
    </message>
    <message>
        <source>Send to the MES</source>
        <translation>送出至 MES</translation>
    </message>
    <message>
        <source>Finish earlier</source>
        <translation>提前完工</translation>
    </message>
    <message>
        <source>Finish later</source>
        <translation>延後完工</translation>
    </message>
    <message>
        <source>{number}: {product}, priority {priority} now.</source>
        <translation>{number}：{product}，目前優先順序 {priority}。</translation>
    </message>
    <message>
        <source>Planning…</source>
        <translation>排程計算中…</translation>
    </message>
    <message>
        <source>No order line would finish on another day.</source>
        <translation>沒有任何訂單項次的完工日會改變。</translation>
    </message>
    <message>
        <source>{gains} order line(s) would finish earlier, {losses} later.</source>
        <translation>{gains} 個訂單項次會提前完工，{losses} 個會延後。</translation>
    </message>
    <message>
        <source>{order} / {line}: {before} → {after}</source>
        <translation>{order} / {line}：{before} → {after}</translation>
    </message>
    <message>
        <source>(promised {date})</source>
        <translation>（承諾交期 {date}）</translation>
    </message>
    <message>
        <source>{number} to priority {priority}</source>
        <translation>{number} 優先順序改為 {priority}</translation>
    </message>
    <message>
        <source>{action}: refused by the MES: {reason}</source>
        <translation>{action}：遭 MES 拒絕：{reason}</translation>
    </message>
    <message>
        <source>{action}: waiting to be sent</source>
        <translation>{action}：等待送出</translation>
    </message>
</context>
<context>
    <name>ExportControl</name>
    <message>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
    <message>
        <source>Save the rows shown, as filtered and sorted here, as an Excel workbook or a CSV file</source>
        <translation>將目前顯示的資料列（依此處的篩選與排序）儲存為試算表活頁簿或逗號分隔值檔案</translation>
    </message>
    <message>
        <source>Not saved: {error}</source>
        <translation>未儲存：{error}</translation>
    </message>
    <message>
        <source>{count} rows saved to {name}</source>
        <translation>已將 {count} 列儲存至 {name}</translation>
    </message>
</context>
<context>
    <name>FeasibilityPanel</name>
    <message>
        <source>for example 500</source>
        <translation>例如 500</translation>
    </message>
    <message>
        <source>Check date</source>
        <translation>查詢交期</translation>
    </message>
    <message>
        <source>Order line</source>
        <translation>訂單項次</translation>
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
        <source>Priority</source>
        <translation>優先順序</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>需求</translation>
    </message>
    <message>
        <source>Fill in the request and press “Check date”.</source>
        <translation>請填寫需求後按「查詢交期」。</translation>
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
        <source>type a name; key accounts first</source>
        <translation>輸入名稱；重點客戶優先</translation>
    </message>
    <message>
        <source> day(s)</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>選項</translation>
    </message>
    <message>
        <source>Wanted date</source>
        <translation>需求日期</translation>
    </message>
    <message>
        <source>Hold quoted capacity for</source>
        <translation>報價產能保留</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>報價</translation>
    </message>
    <message>
        <source>Quoted</source>
        <translation>報價交期</translation>
    </message>
    <message>
        <source>Hours held</source>
        <translation>保留工時</translation>
    </message>
    <message>
        <source>Held until</source>
        <translation>保留至</translation>
    </message>
    <message>
        <source>This call</source>
        <translation>本次通話</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承諾交期</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>預計完工</translation>
    </message>
    <message>
        <source>Late by</source>
        <translation>延遲</translation>
    </message>
    <message>
        <source>Send to customer</source>
        <translation>發送給客戶</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>查詢結果</translation>
    </message>
    <message>
        <source>1 (most urgent)</source>
        <translation>1（最急）</translation>
    </message>
    <message>
        <source>5 (least urgent)</source>
        <translation>5（最不急）</translation>
    </message>
    <message>
        <source>New request (no order line yet)</source>
        <translation>新需求（尚無訂單項次）</translation>
    </message>
    <message>
        <source>★ {name} (key account)</source>
        <translation>★ {name}（重點客戶）</translation>
    </message>
    <message>
        <source>{order} / {line} · {customer} · {product} × {quantity} {unit}</source>
        <translation>{order} / {line} · {customer} · {product} × {quantity} {unit}</translation>
    </message>
    <message>
        <source>quote</source>
        <translation>報價</translation>
    </message>
    <message>
        <source>promised {date}</source>
        <translation>承諾交期 {date}</translation>
    </message>
    <message>
        <source>“{text}” is not a date; type for example {iso} or {local}.</source>
        <translation>「{text}」不是日期；請輸入例如 {iso} 或 {local}。</translation>
    </message>
    <message>
        <source>The requested date is in the past; today is {date}.</source>
        <translation>需求日期已過；今天是 {date}。</translation>
    </message>
    <message>
        <source>No product to plan: the MES has sent none yet.</source>
        <translation>沒有可排程的產品：MES 尚未傳送任何產品。</translation>
    </message>
    <message>
        <source>Enter the quantity to make.</source>
        <translation>請輸入生產數量。</translation>
    </message>
    <message>
        <source>“{text}” is not a number; enter for example 500.</source>
        <translation>「{text}」不是數字；請輸入數字，例如 500。</translation>
    </message>
    <message>
        <source>The quantity must be more than 0.</source>
        <translation>數量必須大於 0。</translation>
    </message>
    <message>
        <source>More than {limit} cannot be planned at once.</source>
        <translation>一次最多只能排程 {limit}。</translation>
    </message>
    <message>
        <source>Planning…</source>
        <translation>排程計算中…</translation>
    </message>
    <message>
        <source>Load of {center}, week by week</source>
        <translation>{center} 每週負荷</translation>
    </message>
    <message>
        <source>The plan could not be made: {reason}</source>
        <translation>無法產生排程：{reason}</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>With this priority, these order lines would miss their promised date:</source>
        <translation>以此優先順序，下列訂單項次將趕不上承諾交期：</translation>
    </message>
    <message>
        <source>No order line would miss its promised date.</source>
        <translation>沒有訂單項次會趕不上承諾交期。</translation>
    </message>
    <message>
        <source>Promise {date}</source>
        <translation>承諾交期 {date}</translation>
    </message>
    <message>
        <source>Quote {date}</source>
        <translation>報價 {date}</translation>
    </message>
    <message>
        <source>The request changed after this answer: press “Check date” before promising or quoting.</source>
        <translation>此回覆之後需求已變更：承諾或報價前請先按「查詢交期」。</translation>
    </message>
    <message>
        <source>Offline: no connection to the CRM, so nothing can be promised or quoted now.</source>
        <translation>離線：未連線到 CRM，目前無法承諾或報價。</translation>
    </message>
    <message>
        <source>Name the customer to quote for: a quote is a draft order for a customer.</source>
        <translation>請填寫報價的客戶：報價是給客戶的草稿訂單。</translation>
    </message>
    <message>
        <source>No CRM is connected: there is nowhere to write the quote.</source>
        <translation>未連線任何 CRM：報價無處寫入。</translation>
    </message>
    <message>
        <source>This CRM does not take quotes from the console yet: the date can be promised on an order line once the order is in the CRM.</source>
        <translation>此 CRM 尚不接受主控台的報價：訂單進入 CRM 後，可在訂單明細上承諾交期。</translation>
    </message>
    <message>
        <source>This answer is quoted already.</source>
        <translation>此回覆已報價。</translation>
    </message>
    <message>
        <source>“Send to customer” is possible once the CRM has the order or quotation it is about.</source>
        <translation>CRM 收到相關的訂單或報價單後，才能「發送給客戶」。</translation>
    </message>
    <message>
        <source>Quote {quantity} {unit} {product} to {customer} for {date}</source>
        <translation>報價 {quantity} {unit} {product} 給 {customer}，交期 {date}</translation>
    </message>
    <message>
        <source>Quoted: {what}</source>
        <translation>已報價：{what}</translation>
    </message>
    <message>
        <source>This answer is for the request as it was; press “Check date” to answer the changed one.</source>
        <translation>此回覆針對變更前的需求；請按「查詢交期」取得變更後的回覆。</translation>
    </message>
    <message>
        <source>By {requested}: {quantity} {unit} can be complete.</source>
        <translation>{requested} 前可完成 {quantity} {unit}。</translation>
    </message>
    <message>
        <source>Split: {now} {unit} on {requested}, the other {rest} {unit} on {date}.</source>
        <translation>分批：{requested} 交 {now} {unit}，其餘 {rest} {unit} 於 {date} 交。</translation>
    </message>
    <message>
        <source>Held: {count} quote(s) hold {hours} h of these work centers in this plan; this answer comes after them.</source>
        <translation>保留中：此計畫中有 {count} 張報價保留了這些工作中心的 {hours} 小時；此回覆排在其後。</translation>
    </message>
    <message numerus="yes">
        <source>Held capacity: %n quote(s) waiting for the customer</source>
        <translation>
            <numerusform>保留產能：%n 張報價等待客戶回覆</numerusform>
        </translation>
    </message>
    <message>
        <source>no customer named</source>
        <translation>未指定客戶</translation>
    </message>
    <message>
        <source>no date: {problem}</source>
        <translation>無法給出日期：{problem}</translation>
    </message>
    <message>
        <source>on time, {date}</source>
        <translation>準時，{date}</translation>
    </message>
    <message>
        <source>earliest {date}</source>
        <translation>最早 {date}</translation>
    </message>
    <message>
        <source>{customer}: {quantity} {unit} {product} by {requested}: {said}</source>
        <translation>{customer}：{quantity} {unit} {product}，需求 {requested}：{said}</translation>
    </message>
    <message>
        <source>Capable-to-promise check</source>
        <translation>產能可承諾查詢</translation>
    </message>
    <message>
        <source>Promise {date} on {order} / {line}</source>
        <translation>{order} / {line} 承諾交期 {date}</translation>
    </message>
    <message>
        <source>Promised: {what}</source>
        <translation>已承諾：{what}</translation>
    </message>
    <message>
        <source>{action}: not quoted: {who} held hours of {centers} after this answer was planned; press “Check date” again.</source>
        <translation>{action}：未報價：此回覆規劃後，{who} 已保留了 {centers} 的工時；請再按一次「查詢交期」。</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>其他人</translation>
    </message>
    <message>
        <source>{action}: not queued: {reason}</source>
        <translation>{action}：未排入佇列：{reason}</translation>
    </message>
    <message>
        <source>{action}: refused by the CRM: {reason}</source>
        <translation>{action}：遭 CRM 拒絕：{reason}</translation>
    </message>
    <message>
        <source>{action}: waiting to be sent</source>
        <translation>{action}：等待送出</translation>
    </message>
    <message>
        <source>{action}: the CRM has it as {number}</source>
        <translation>{action}：CRM 已建立 {number}</translation>
    </message>
    <message>
        <source>{action}: the CRM confirmed it</source>
        <translation>{action}：CRM 已確認</translation>
    </message>
    <message>
        <source>{action}: sent to the CRM</source>
        <translation>{action}：已送至 CRM</translation>
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
        <translation>批號系譜</translation>
    </message>
    <message>
        <source>Serials</source>
        <translation>序號</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>庫存</translation>
    </message>
    <message>
        <source>Expected receipts</source>
        <translation>預計到貨</translation>
    </message>
</context>
<context>
    <name>FitPlot</name>
    <message>
        <source>Still running</source>
        <translation>仍在運轉</translation>
    </message>
    <message>
        <source>Operating hours since the last failure</source>
        <translation>上次故障後的運轉時數</translation>
    </message>
    <message>
        <source>Observed (Kaplan–Meier)</source>
        <translation>實際觀察（Kaplan–Meier）</translation>
    </message>
    <message>
        <source>Weibull fit</source>
        <translation>Weibull 擬合</translation>
    </message>
    <message>
        <source>now</source>
        <translation>現在</translation>
    </message>
</context>
<context>
    <name>Freshness</name>
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
        <source>Some of this view's data has not been read from its source for longer than a few polls: the source may be down. What is shown is the last data received.</source>
        <translation>此頁部分資料已超過數次輪詢未從來源讀取，來源可能已中斷。目前顯示的是最後收到的資料。</translation>
    </message>
    <message>
        <source>The oldest of this view's data, as last read from its source.</source>
        <translation>此頁最舊一筆資料上次從來源讀取的時間。</translation>
    </message>
    <message>
        <source>Last read of each feed, oldest first (the status bar's "last success" is each source's latest read of any feed):</source>
        <translation>各資料項上次讀取時間，由舊至新（狀態列的「上次成功」是各來源任一資料項最近一次的讀取）：</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>尚未讀取</translation>
    </message>
    <message>
        <source>{time} ({age})</source>
        <translation>{time}（{age}）</translation>
    </message>
    <message>
        <source>{feed}: {when}</source>
        <translation>{feed}：{when}</translation>
    </message>
    <message>
        <source>{feed}: not read yet</source>
        <translation>{feed}：尚未讀取</translation>
    </message>
    <message>
        <source>{feed}: page {pages}, {records} records so far</source>
        <translation>{feed}：已讀到第 {pages} 頁，共 {records} 筆</translation>
    </message>
    <message>
        <source>Still reading {progress}</source>
        <translation>仍在讀取 {progress}</translation>
    </message>
    <message>
        <source>{text} (+{n} more)</source>
        <translation>{text}（另有 {n} 項）</translation>
    </message>
    <message>
        <source>Not read to the end yet, so what is shown of these is partial:</source>
        <translation>尚未讀取完畢，以下資料目前顯示的只是一部分：</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Gemba Console</source>
        <translation>關於 Gemba 營運主控台(&amp;A)</translation>
    </message>
</context>
<context>
    <name>KpiRows</name>
    <message>
        <source>Order</source>
        <translation>訂單</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>項次</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客戶</translation>
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
        <source>Unit</source>
        <translation>單位</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承諾交期</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>late</source>
        <translation>延遲</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完工時間</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>準時</translation>
    </message>
    <message>
        <source>Lead time (days)</source>
        <translation>前置時間（天）</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>延遲</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>有風險</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>風險</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>預計完工</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>客訴</translation>
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
        <source>Category</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>開立時間</translation>
    </message>
    <message>
        <source>Age (days)</source>
        <translation>天數</translation>
    </message>
    <message>
        <source>Age bucket</source>
        <translation>天數區間</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工單</translation>
    </message>
    <message>
        <source>Product name</source>
        <translation>品名</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>良品</translation>
    </message>
    <message>
        <source>Still to make</source>
        <translation>尚待生產</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>(no line)</source>
        <translation>（無產線）</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>機台</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>時間稼動率</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>性能效率</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>良率</translation>
    </message>
    <message>
        <source>OEE (4 weeks)</source>
        <translation>OEE（4 週）</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>機台</translation>
    </message>
    <message>
        <source>Scrap</source>
        <translation>報廢</translation>
    </message>
    <message>
        <source>First-pass yield</source>
        <translation>直通率</translation>
    </message>
    <message>
        <source>Scrap rate</source>
        <translation>報廢率</translation>
    </message>
    <message>
        <source>Defects recorded</source>
        <translation>不良記錄數</translation>
    </message>
    <message>
        <source>Top defect</source>
        <translation>主要不良</translation>
    </message>
</context>
<context>
    <name>KpiTexts</name>
    <message>
        <source>On-time delivery</source>
        <translation>準時交貨率</translation>
    </message>
    <message>
        <source>Order lines completed (shipped in full) on or before their promised date, out of the lines completed in the period; weekly trend.</source>
        <translation>期間內完成（全數出貨）的訂單項次中，於承諾交期當天或之前完成的比例；逐週趨勢。</translation>
    </message>
    <message>
        <source>Order lead time</source>
        <translation>訂單前置時間</translation>
    </message>
    <message>
        <source>Median days from the order's creation to the line's last shipment, for lines completed in the period; the mean alongside.</source>
        <translation>期間內完成的訂單項次，從建立訂單到最後一次出貨的天數中位數；並列平均值。</translation>
    </message>
    <message>
        <source>Orders at risk</source>
        <translation>有風險的訂單</translation>
    </message>
    <message>
        <source>Open order lines late or at risk now, as the Orders view rates them; trend: lines past their promised date and not shipped at the end of each week.</source>
        <translation>目前延遲或有風險的未結訂單項次（與訂單畫面的評估相同）；趨勢：每週結束時已過承諾交期而未出貨的項次數。</translation>
    </message>
    <message>
        <source>OEE</source>
        <translation>稼動率（OEE）</translation>
    </message>
    <message>
        <source>Availability × performance × quality of all machines (ratio of sums), per line below; weekly trend of the plant.</source>
        <translation>全部機台的稼動 × 效率 × 良率（以總和計算比率），下方列出各產線；全廠逐週趨勢。</translation>
    </message>
    <message>
        <source>First-pass yield</source>
        <translation>直通率</translation>
    </message>
    <message>
        <source>Good ÷ (good + scrap) over all production counts of the period.</source>
        <translation>期間內全部生產計數的良品 ÷（良品 + 報廢）。</translation>
    </message>
    <message>
        <source>Scrap rate</source>
        <translation>報廢率</translation>
    </message>
    <message>
        <source>Scrap ÷ (good + scrap) over all production counts of the period; the defect codes recorded most.</source>
        <translation>期間內全部生產計數的報廢 ÷（良品 + 報廢）；並列最常記錄的不良代碼。</translation>
    </message>
    <message>
        <source>Open complaints</source>
        <translation>未結客訴</translation>
    </message>
    <message>
        <source>Complaints not closed, by severity and by age; trend: complaints opened per week.</source>
        <translation>尚未結案的客訴，依嚴重度與天數分類；趨勢：每週新開客訴數。</translation>
    </message>
    <message>
        <source>Work in progress</source>
        <translation>在製品</translation>
    </message>
    <message>
        <source>Quantity still to make in released and running work orders; trend: work orders under way at the end of each week.</source>
        <translation>已下達與生產中工單尚待生產的數量；趨勢：每週結束時進行中的工單數。</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>準時</translation>
    </message>
    <message>
        <source>late</source>
        <translation>延遲</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>有風險</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>緊急</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>work orders</source>
        <translation>張工單</translation>
    </message>
    <message>
        <source>good</source>
        <translation>良品</translation>
    </message>
    <message>
        <source>scrap</source>
        <translation>報廢</translation>
    </message>
    <message>
        <source>0–7 d</source>
        <translation>0–7 天</translation>
    </message>
    <message>
        <source>8–30 d</source>
        <translation>8–30 天</translation>
    </message>
    <message>
        <source>&gt;30 d</source>
        <translation>&gt;30 天</translation>
    </message>
    <message>
        <source>days (median)</source>
        <translation>天（中位數）</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>項次</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未處理</translation>
    </message>
    <message>
        <source>{on} of {n} lines on time</source>
        <translation>{n} 個項次中 {on} 個準時</translation>
    </message>
    <message>
        <source>mean {mean} days · {n} lines</source>
        <translation>平均 {mean} 天 · {n} 個項次</translation>
    </message>
    <message>
        <source>{late} late · {risk} at risk</source>
        <translation>{late} 延遲 · {risk} 有風險</translation>
    </message>
    <message>
        <source>{good} good · {scrap} scrap</source>
        <translation>良品 {good} · 報廢 {scrap}</translation>
    </message>
    <message>
        <source>no defects recorded</source>
        <translation>沒有不良紀錄</translation>
    </message>
    <message>
        <source>top defects: {codes}</source>
        <translation>主要不良：{codes}</translation>
    </message>
    <message>
        <source>none open</source>
        <translation>無未結案</translation>
    </message>
    <message>
        <source>{n} work orders</source>
        <translation>{n} 張工單</translation>
    </message>
    <message>
        <source>last {n} weeks, since {day}</source>
        <translation>最近 {n} 週，自 {day} 起</translation>
    </message>
    <message>
        <source>now</source>
        <translation>目前</translation>
    </message>
    <message>
        <source>Figures as worked out at {made}, when the console last had them. Working them out again from the cache…</source>
        <translation>以下為主控台上次於 {made} 算出的指標，正從快取重新計算…</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>As the system ({name})</source>
        <translation>依系統設定（{name}）</translation>
    </message>
</context>
<context>
    <name>LinkingRulesDialog</name>
    <message>
        <source>Linking rules</source>
        <translation>對應規則</translation>
    </message>
    <message>
        <source>Links the MES gives are always used. For work orders without them, these keys are tried in this order; a key higher up claims an order line first.</source>
        <translation>MES 提供的對應一律採用。沒有對應的工單，會依下列順序嘗試各項比對依據；排在上面的比對依據優先取得訂單項次。</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Match work orders to order lines by</source>
        <translation>工單對應訂單項次的比對依據</translation>
    </message>
    <message>
        <source>CRM and MES use the same product codes (a code not in the map stays as it is)</source>
        <translation>CRM 與 MES 使用相同的產品代碼（未列在對照表中的代碼維持不變）</translation>
    </message>
    <message>
        <source>CRM product</source>
        <translation>CRM 產品</translation>
    </message>
    <message>
        <source>MES product</source>
        <translation>MES 產品</translation>
    </message>
    <message>
        <source>Add entry</source>
        <translation>新增對照</translation>
    </message>
    <message>
        <source>Remove entry</source>
        <translation>移除對照</translation>
    </message>
    <message>
        <source>Product code map</source>
        <translation>產品代碼對照表</translation>
    </message>
    <message>
        <source>Saved in {path}</source>
        <translation>儲存位置：{path}</translation>
    </message>
    <message>
        <source>Row {row}: {problem}</source>
        <translation>第 {row} 列：{problem}</translation>
    </message>
    <message>
        <source>Could not save the rules to {path}: {error}</source>
        <translation>無法將規則儲存至 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>LoadChart</name>
    <message>
        <source>Load (%)</source>
        <translation>負荷 (%)</translation>
    </message>
    <message>
        <source>W{week}</source>
        <translation>第{week}週</translation>
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
        <source>{state} · {reason}</source>
        <translation>{state}：{reason}</translation>
    </message>
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
    <message>
        <source>A {a} P {p} Q {q}</source>
        <comment>where room is short</comment>
        <translation>稼{a} 效{p} 質{q}</translation>
    </message>
</context>
<context>
    <name>MachineTileModel</name>
    <message>
        <source>{state}: {reason}</source>
        <translation>{state}：{reason}</translation>
    </message>
    <message>
        <source>Work order {number}</source>
        <translation>工單 {number}</translation>
    </message>
</context>
<context>
    <name>MachinesView</name>
    <message>
        <source>The period the OEE figures cover</source>
        <translation>稼動率（OEE）數字涵蓋的期間</translation>
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
        <translation>稼動率（OEE）期間</translation>
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
        <translation>稼動率（OEE）{oee}（稼 {a} · 效 {p} · 質 {q}）</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>機台</translation>
    </message>
    <message>
        <source>Work center</source>
        <translation>工作中心</translation>
    </message>
    <message>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始時間</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工單</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客戶</translation>
    </message>
    <message>
        <source>OEE ({period})</source>
        <translation>稼動率（OEE，{period}）</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>時間稼動率</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>性能效率</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>良率</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>良品</translation>
    </message>
    <message>
        <source>Scrap</source>
        <translation>報廢</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>資料來源</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Gemba Console</source>
        <translation>Gemba 營運主控台</translation>
    </message>
    <message>
        <source>No notice drafted: this event names no order line with a new expected date.</source>
        <translation>未草擬通知：此事件沒有指出具新預計交期的訂單項次。</translation>
    </message>
    <message>
        <source>Not provided by this source</source>
        <translation>此來源未提供</translation>
    </message>
    <message>
        <source>The connected sources do not provide what this view shows: {feeds}. Add a source that does in Settings → Connections…</source>
        <translation>已連線的來源未提供此畫面所需的資料：{feeds}。請在「設定 → 連線…」加入提供這些資料的來源。</translation>
    </message>
</context>
<context>
    <name>MaintenanceTexts</name>
    <message>
        <source>Weibull</source>
        <translation>Weibull</translation>
    </message>
    <message>
        <source>Kaplan–Meier</source>
        <translation>Kaplan–Meier</translation>
    </message>
    <message>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <source>now</source>
        <translation>現在</translation>
    </message>
    <message>
        <source>wear-out: failures get likelier with running time</source>
        <translation>磨耗：運轉越久越容易故障</translation>
    </message>
    <message>
        <source>early failures: likeliest soon after a repair</source>
        <translation>早期故障：修復後不久最容易發生</translation>
    </message>
    <message>
        <source>no clear ageing: failures come at a steady rate</source>
        <translation>無明顯老化：故障以穩定速率發生</translation>
    </message>
    <message>
        <source>Weibull fit on {failures} intervals between failures and the {censored} running now (censored): shape {shape:.2f} (95 % {low:.2f}–{high:.2f}), {kind}; scale {scale:.0f} operating hours.</source>
        <translation>以 {failures} 個故障間隔及目前運轉中的 {censored} 個（設限）擬合 Weibull：形狀參數 {shape:.2f}（95 % {low:.2f}–{high:.2f}），{kind}；尺度參數 {scale:.0f} 運轉小時。</translation>
    </message>
    <message>
        <source>Only {failures} intervals between failures: too few for a Weibull fit, so the Kaplan–Meier estimate is used. It assumes no shape, and says nothing beyond the longest interval seen.</source>
        <translation>故障間隔只有 {failures} 個：不足以擬合 Weibull，因此採用 Kaplan–Meier 估計。它不假設分布形狀，也無法推估超過已觀察到的最長間隔。</translation>
    </message>
    <message>
        <source>No two failures in the history yet: nothing to estimate.</source>
        <translation>歷史中尚無兩次故障：無從估計。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>溫度</translation>
    </message>
    <message>
        <source>Spindle load</source>
        <translation>主軸負載</translation>
    </message>
    <message>
        <source>{signal}: not used; its history covers {n} intervals, too few to check.</source>
        <translation>{signal}：未採用；其歷史僅涵蓋 {n} 個間隔，不足以檢驗。</translation>
    </message>
    <message>
        <source>{signal}: used; it improves the fit by {gain:.1f} AIC points (p = {p:.3f}, {n} intervals).</source>
        <translation>{signal}：已採用；它使擬合改善 {gain:.1f} 個 AIC 點（p = {p:.3f}，{n} 個間隔）。</translation>
    </message>
    <message>
        <source>{signal}: not used; it does not improve the fit measurably ({gain:.1f} AIC points, p = {p:.2f}, {n} intervals).</source>
        <translation>{signal}：未採用；它未明顯改善擬合（AIC {gain:.1f} 點，p = {p:.2f}，{n} 個間隔）。</translation>
    </message>
</context>
<context>
    <name>MaintenanceView</name>
    <message>
        <source>{action}: not stored: {reason}</source>
        <translation>{action}：未能儲存：{reason}</translation>
    </message>
    <message>
        <source>No machine state history from the MES</source>
        <translation>尚無來自 MES 的機台狀態歷史</translation>
    </message>
    <message>
        <source>Failure risks appear here once the sync engine has read the machines' state changes (down, running, maintenance) from the MES.</source>
        <translation>同步引擎從 MES 讀取機台狀態變化（停機、運轉、保養）後，故障風險會顯示在這裡。</translation>
    </message>
    <message>
        <source>The plant's limit: maintenance is suggested before the chance of a failure from now reaches it.</source>
        <translation>工廠設定的上限：在從現在起的故障機率達到此值之前建議保養。</translation>
    </message>
    <message>
        <source>Search machine or work center</source>
        <translation>搜尋機台或工作中心</translation>
    </message>
    <message>
        <source>Only machines with a model</source>
        <translation>只顯示有模型的機台</translation>
    </message>
    <message>
        <source>No machine matches the filter.</source>
        <translation>沒有符合篩選條件的機台。</translation>
    </message>
    <message>
        <source>Failed at</source>
        <translation>故障時間</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Repair (h)</source>
        <translation>修復（小時）</translation>
    </message>
    <message>
        <source>Operating hours before</source>
        <translation>之前運轉時數</translation>
    </message>
    <message>
        <source>Suggested windows</source>
        <translation>建議時段</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>依據</translation>
    </message>
    <message>
        <source>History</source>
        <translation>歷史</translation>
    </message>
    <message>
        <source>Service before the risk reaches</source>
        <translation>在風險達到此值前保養</translation>
    </message>
    <message>
        <source>{machines} machines from {events} state changes: {fitted} with a Weibull model, {fallback} with too few failures (Kaplan–Meier); {soon} reach the {threshold} risk limit within a day.</source>
        <translation>{machines} 台機台，來自 {events} 筆狀態變化：{fitted} 台使用 Weibull 模型，{fallback} 台故障次數太少（Kaplan–Meier）；{soon} 台將在一天內達到 {threshold} 的風險上限。</translation>
    </message>
    <message>
        <source>Failure modes: {modes}</source>
        <translation>故障模式：{modes}</translation>
    </message>
    <message>
        <source>{reason} {share}</source>
        <translation>{reason} {share}</translation>
    </message>
    <message>
        <source>Its type ({center}, {machines} machines): MTBF {mtbf:.0f} h, MTTR {mttr:.1f} h.</source>
        <translation>同類機台（{center}，{machines} 台）：MTBF {mtbf:.0f} 小時，MTTR {mttr:.1f} 小時。</translation>
    </message>
    <message>
        <source>{machine}: the model cannot say for the next day</source>
        <translation>{machine}：模型無法推估未來一天</translation>
    </message>
    <message>
        <source>{machine}: {p} chance of a failure in the next day (90 % interval {low} to {high}); {age:.0f} operating hours since the last one</source>
        <translation>{machine}：未來一天故障機率 {p}（90 % 區間 {low} 至 {high}）；距上次故障已運轉 {age:.0f} 小時</translation>
    </message>
    <message>
        <source>{machine}: {p} chance of a failure in the next day</source>
        <translation>{machine}：未來一天故障機率 {p}</translation>
    </message>
    <message>
        <source>Waiting for the plan…</source>
        <translation>等待生產計畫…</translation>
    </message>
    <message>
        <source>No failure model for this machine: no windows to suggest.</source>
        <translation>此機台沒有故障模型：無可建議的時段。</translation>
    </message>
    <message>
        <source>The risk does not reach {threshold} within what the model can say; the least busy windows of the next two weeks:</source>
        <translation>在模型可推估的範圍內風險不會達到 {threshold}；未來兩週最空閒的時段：</translation>
    </message>
    <message>
        <source>The risk reaches {threshold} soon ({when}): the least busy windows soonest.</source>
        <translation>風險很快（{when}）就會達到 {threshold}：最近且最空閒的時段。</translation>
    </message>
    <message>
        <source>The risk reaches {threshold} on {when}; the least busy windows before then:</source>
        <translation>風險將於 {when} 達到 {threshold}；在此之前最空閒的時段：</translation>
    </message>
    <message>
        <source>Maintenance of {machine} {start}</source>
        <translation>{machine} 於 {start} 保養</translation>
    </message>
    <message>
        <source>{action}: refused by the MES: {reason}</source>
        <translation>{action}：MES 拒絕：{reason}</translation>
    </message>
    <message>
        <source>{action}: waiting to be sent</source>
        <translation>{action}：等待送出</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>Machines of %1</source>
        <translation>%1 的機台</translation>
    </message>
    <message>
        <source>Which nodes of the server say what about each machine. Browse the server for a proposal, correct it, test it. State values are compared ignoring case.</source>
        <translation>伺服器的哪些節點說明每台機台的哪些資訊。瀏覽伺服器取得建議，修正後再測試。狀態值比對時不分大小寫。</translation>
    </message>
    <message>
        <source>Browse the server</source>
        <translation>瀏覽伺服器</translation>
    </message>
    <message>
        <source>Test this mapping</source>
        <translation>測試此對應</translation>
    </message>
    <message>
        <source>No mapping yet: browse the server.</source>
        <translation>尚無對應：請瀏覽伺服器。</translation>
    </message>
    <message>
        <source>Use this mapping</source>
        <translation>使用此對應</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Browsing %1…</source>
        <translation>正在瀏覽 %1…</translation>
    </message>
    <message>
        <source>Testing the mapping on %1…</source>
        <translation>正在 %1 上測試對應…</translation>
    </message>
    <message>
        <source>Cannot do this here: no event loop.</source>
        <translation>無法在此執行：沒有事件迴圈。</translation>
    </message>
    <message>
        <source>It failed (%1).</source>
        <translation>執行失敗（%1）。</translation>
    </message>
    <message>
        <source>Proposed: %1 machine(s), %2 state value(s) in the state table. Check it, then test it.</source>
        <translation>建議：%1 台機台，狀態表中有 %2 個狀態值。請檢查後再測試。</translation>
    </message>
    <message>
        <source>✓ %1</source>
        <translation>✓ %1</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
</context>
<context>
    <name>MaterialsModel</name>
    <message>
        <source>Item</source>
        <translation>料號</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>現有庫存</translation>
    </message>
    <message>
        <source>Safety stock</source>
        <translation>安全庫存</translation>
    </message>
    <message>
        <source>Plan takes</source>
        <translation>排程用量</translation>
    </message>
    <message>
        <source>Next receipt</source>
        <translation>下次到貨</translation>
    </message>
    <message>
        <source>Short by</source>
        <translation>缺料量</translation>
    </message>
    <message>
        <source>Below safety on</source>
        <translation>低於安全庫存日</translation>
    </message>
    <message>
        <source>Order lines waiting</source>
        <translation>等待的訂單項次</translation>
    </message>
    <message>
        <source>none expected</source>
        <translation>無預計到貨</translation>
    </message>
    <message>
        <source>{quantity} on {date}</source>
        <translation>{quantity}（{date}）</translation>
    </message>
</context>
<context>
    <name>MaterialsView</name>
    <message>
        <source>No stock levels from the MES</source>
        <translation>MES 未提供庫存量</translation>
    </message>
    <message>
        <source>Shortages appear here once the sync engine has read stock levels and expected receipts from the MES; until then delivery dates do not check materials.</source>
        <translation>同步引擎從 MES 讀取庫存量與預計到貨後，缺料會顯示在這裡；在此之前，交期不會檢查物料。</translation>
    </message>
    <message>
        <source>Only items running short or below safety stock</source>
        <translation>只顯示缺料或低於安全庫存的料號</translation>
    </message>
    <message>
        <source>Search item or name</source>
        <translation>搜尋料號或名稱</translation>
    </message>
    <message>
        <source>No item matches: every item is covered.</source>
        <translation>沒有符合的料號：所有料號皆足夠。</translation>
    </message>
    <message>
        <source>Order lines waiting for it</source>
        <translation>等待此物料的訂單項次</translation>
    </message>
    <message>
        <source>Expected receipts</source>
        <translation>預計到貨</translation>
    </message>
    <message>
        <source>{short} item(s) short for the plan, {low} more dropping below safety stock; {items} items tracked.</source>
        <translation>排程缺料 {short} 個料號，另有 {low} 個將低於安全庫存；共追蹤 {items} 個料號。</translation>
    </message>
    <message>
        <source>{name}: no expected receipt covers what the plan needs.</source>
        <translation>{name}：沒有預計到貨可滿足排程需求。</translation>
    </message>
    <message>
        <source>{name}: waiting work can start on {date}.</source>
        <translation>{name}：等待中的工作可於 {date} 開工。</translation>
    </message>
    <message>
        <source>{date}: {quantity} {unit} ({po}, {supplier})</source>
        <translation>{date}：{quantity} {unit}（{po}，{supplier}）</translation>
    </message>
</context>
<context>
    <name>MatrixModel</name>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Characteristic</source>
        <translation>品質特性</translation>
    </message>
    <message>
        <source>Work center</source>
        <translation>工作中心</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>關鍵</translation>
    </message>
    <message>
        <source>Cpk</source>
        <translation>Cpk</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>判異次數</translation>
    </message>
    <message>
        <source>Last violation</source>
        <translation>最近判異</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>趨勢</translation>
    </message>
    <message>
        <source>Cpk over the window, from the within-subgroup spread, as the chart's capability panel shows it; below 1.33 is marked.</source>
        <translation>時段內的 Cpk，以子群內變異計算，與管制圖的製程能力面板相同；低於 1.33 者標示。</translation>
    </message>
    <message>
        <source>Control-chart rule violations in the window, as the chart lists them. Only critical characteristics raise alarms.</source>
        <translation>時段內的管制圖判異次數，與管制圖列出的相同。只有關鍵特性會發出警報。</translation>
    </message>
    <message>
        <source>The newest points against the control limits; the arrow says where the last five points sit against the centre line.</source>
        <translation>最新各點相對於管制界限；箭頭表示最後五點相對於中心線的位置。</translation>
    </message>
    <message>
        <source>Out of control, Cpk low</source>
        <translation>失控，Cpk 偏低</translation>
    </message>
    <message>
        <source>Out of control</source>
        <translation>失控</translation>
    </message>
    <message>
        <source>Cpk below 1.33</source>
        <translation>Cpk 低於 1.33</translation>
    </message>
    <message>
        <source>In control</source>
        <translation>受控</translation>
    </message>
    <message>
        <source>Too few points</source>
        <translation>點數不足</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>關鍵</translation>
    </message>
    <message>
        <source>{name} ({id}), product {product}, operation {operation}</source>
        <translation>{name}（{id}），產品 {product}，工序 {operation}</translation>
    </message>
    <message>
        <source>Cpk {cpk}, Ppk {ppk}, from {count} measurements ({window})</source>
        <translation>Cpk {cpk}，Ppk {ppk}，依 {count} 筆量測（{window}）</translation>
    </message>
    <message>
        <source>{count} rule violations on a characteristic that is not critical: flagged here, no alarm raised</source>
        <translation>非關鍵特性有 {count} 次判異：在此標示，不發出警報</translation>
    </message>
    <message>
        <source>Drifting up</source>
        <translation>向上漂移</translation>
    </message>
    <message>
        <source>Drifting down</source>
        <translation>向下漂移</translation>
    </message>
    <message>
        <source>Near the centre line</source>
        <translation>接近中心線</translation>
    </message>
</context>
<context>
    <name>MatrixPanel</name>
    <message>
        <source>All lines</source>
        <translation>所有產線</translation>
    </message>
    <message>
        <source>Filter characteristics</source>
        <translation>篩選品質特性</translation>
    </message>
    <message>
        <source>Only with violations</source>
        <translation>僅顯示有判異者</translation>
    </message>
    <message>
        <source>Line or work center</source>
        <translation>產線或工作中心</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>Quality data could not be read: {error}</source>
        <translation>無法讀取品質資料：{error}</translation>
    </message>
    <message>
        <source>{count} characteristics · {flagged} with rule violations ({critical} critical) · {window} · double-click or Enter opens the chart</source>
        <translation>{count} 項品質特性 · {flagged} 項有判異（{critical} 項關鍵）· {window} · 按兩下或 Enter 開啟管制圖</translation>
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
        <source>Maintenance</source>
        <translation>保養</translation>
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
    <message>
        <source>Materials</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <source>Customer notice</source>
        <translation>客戶通知</translation>
    </message>
    <message>
        <source>(no contact)</source>
        <translation>（無聯絡人）</translation>
    </message>
    <message>
        <source>{to} · written in {language}</source>
        <translation>{to} · 以{language}撰寫</translation>
    </message>
    <message>
        <source>To</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主旨</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>內容</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>核准</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Offline: no connection to the CRM, so the notice cannot be recorded now.</source>
        <translation>離線：未連線到 CRM，目前無法記錄此通知。</translation>
    </message>
    <message>
        <source>Approving records this notice on the CRM order only: no e-mail is sent, because no mail server is set up (smtp.json).</source>
        <translation>核准後只會把此通知記錄在 CRM 訂單上：因為尚未設定郵件伺服器（smtp.json），不會寄出電子郵件。</translation>
    </message>
    <message>
        <source>The contact has no e-mail address: approving records this notice on the CRM order only.</source>
        <translation>聯絡人沒有電子郵件地址：核准後只會把此通知記錄在 CRM 訂單上。</translation>
    </message>
    <message>
        <source>Approving records this notice on the CRM order and e-mails it to {email} through {host}.</source>
        <translation>核准後會把此通知記錄在 CRM 訂單上，並透過 {host} 寄給 {email}。</translation>
    </message>
    <message>
        <source>Write a subject: it cannot be empty.</source>
        <translation>請填寫主旨，不可空白。</translation>
    </message>
    <message>
        <source>Write the message: it cannot be empty.</source>
        <translation>請填寫內容，不可空白。</translation>
    </message>
    <message>
        <source>Customer notice “{subject}”</source>
        <translation>客戶通知「{subject}」</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Sending the e-mail to {email}…</source>
        <translation>正在寄送電子郵件給 {email}…</translation>
    </message>
    <message>
        <source>E-mail sent to {email}.</source>
        <translation>已寄送電子郵件給 {email}。</translation>
    </message>
    <message>
        <source>The e-mail could not be sent: {error}</source>
        <translation>電子郵件無法寄出：{error}</translation>
    </message>
    <message>
        <source>The notice could not be stored: {error}</source>
        <translation>無法儲存此通知：{error}</translation>
    </message>
    <message>
        <source>The CRM refused the notice: {reason}</source>
        <translation>CRM 拒絕了此通知：{reason}</translation>
    </message>
    <message>
        <source>Approved: waiting to be sent to the CRM.</source>
        <translation>已核准：等待送往 CRM。</translation>
    </message>
    <message>
        <source>Recorded on the CRM order.</source>
        <translation>已記錄在 CRM 訂單上。</translation>
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
    <name>OptionMapping</name>
    <message>
        <source>Routing variant</source>
        <translation>製程途程變體</translation>
    </message>
    <message>
        <source>BOM item</source>
        <translation>BOM 料件</translation>
    </message>
    <message>
        <source>Operation parameter</source>
        <translation>工序參數</translation>
    </message>
</context>
<context>
    <name>OptionMappingDialog</name>
    <message>
        <source>Option mapping</source>
        <translation>選項對應</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>產品</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>選項</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Becomes</source>
        <translation>對應為</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目標</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>設定值</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>Add row</source>
        <translation>新增一列</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>移除此列</translation>
    </message>
    <message>
        <source>Add a row for it</source>
        <translation>為它新增一列</translation>
    </message>
    <message>
        <source>An option of a configured product becomes a routing variant, a BOM item or an operation parameter of its work order (Target: the component, or &lt;operation&gt;:&lt;parameter&gt; such as 10:paint; Setting: what is sent, empty for the option's own value; Product or Value empty: any). A release whose options are not all here is refused.</source>
        <translation>可配置產品的選項會成為其工單的製程途程變體、BOM 料件或工序參數（目標：料件，或 &lt;工序&gt;:&lt;參數&gt;，例如 10:paint；設定值：送出的值，留空則用選項本身的值；產品或值留空：任何）。選項未全部列於此處的下達會被拒絕。</translation>
    </message>
    <message>
        <source>Refused: {line} ({product}): {reason}</source>
        <translation>已拒絕：{line}（{product}）：{reason}</translation>
    </message>
    <message>
        <source>Not saved: {error}</source>
        <translation>未儲存：{error}</translation>
    </message>
</context>
<context>
    <name>OrderDetail</name>
    <message>
        <source>Line / work order</source>
        <translation>項次 / 工單</translation>
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
        <source>Progress</source>
        <translation>進度</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承諾交期</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>預計完工</translation>
    </message>
    <message>
        <source>Risk / link</source>
        <translation>風險 / 對應</translation>
    </message>
    <message>
        <source>Promised-date changes</source>
        <translation>承諾交期變更紀錄</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>變更時間</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>項次</translation>
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
        <source>By</source>
        <translation>變更人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>The promised dates of this order have not changed.</source>
        <translation>此訂單的承諾交期未曾變更。</translation>
    </message>
    <message>
        <source>Operations: planned and actual</source>
        <translation>工序：計畫與實際</translation>
    </message>
    <message>
        <source>Customer page</source>
        <translation>客戶頁面</translation>
    </message>
    <message>
        <source>Open this customer's page: orders, deliveries, complaints, lots and contacts</source>
        <translation>開啟此客戶的頁面：訂單、交貨、客訴、批號與聯絡人</translation>
    </message>
    <message>
        <source>Progress report (PDF)…</source>
        <translation>進度報告（PDF）…</translation>
    </message>
    <message>
        <source>Write a progress report of this order for the customer, as a PDF</source>
        <translation>為客戶製作此訂單的進度報告（PDF）</translation>
    </message>
    <message>
        <source>{number} · {customer}</source>
        <translation>{number} · {customer}</translation>
    </message>
    <message>
        <source>priority {n}</source>
        <translation>優先順序 {n}</translation>
    </message>
    <message>
        <source>PO {po}</source>
        <translation>客戶採購單號 {po}</translation>
    </message>
    <message>
        <source>Waiting for {item}: show the material</source>
        <translation>等待 {item}：查看物料</translation>
    </message>
    <message>
        <source>Line {n}</source>
        <translation>項次 {n}</translation>
    </message>
    <message>
        <source>{percent} % ({done} {unit})</source>
        <translation>{percent} %（{done} {unit}）</translation>
    </message>
    <message>
        <source>No work order linked</source>
        <translation>未對應工單</translation>
    </message>
    <message>
        <source>{q} {unit} linked</source>
        <translation>已對應 {q} {unit}</translation>
    </message>
    <message>
        <source>{q} of {total} {unit}</source>
        <translation>{q} / {total} {unit}</translation>
    </message>
    <message>
        <source>{good} good</source>
        <translation>良品 {good}</translation>
    </message>
    <message>
        <source>This link's quantity, of the work order's quantity</source>
        <translation>此對應的數量 / 工單數量</translation>
    </message>
    <message>
        <source>The work order's due date</source>
        <translation>工單的到期日</translation>
    </message>
    <message>
        <source>Production parameters: {parameters}</source>
        <translation>生產參數：{parameters}</translation>
    </message>
    <message>
        <source>No operations to show: no work order is linked to this order and the plan has none for it.</source>
        <translation>沒有可顯示的工序：此訂單沒有對應的工單，排程中也沒有它的工序。</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>計畫</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>實際</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>進行中</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>現在</translation>
    </message>
    <message>
        <source>No plan from the scheduler yet: planned bars are the MES's own plan.</source>
        <translation>排程尚未產生：計畫長條為 MES 本身的計畫。</translation>
    </message>
    <message>
        <source>Line {n} (no work order) · {seq} · {center}</source>
        <translation>項次 {n}（無工單）· {seq} · {center}</translation>
    </message>
</context>
<context>
    <name>OrderFilters</name>
    <message>
        <source>All customers</source>
        <translation>所有客戶</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>所有狀態</translation>
    </message>
    <message>
        <source>Any risk</source>
        <translation>所有風險</translation>
    </message>
    <message>
        <source>Search order, customer or PO…</source>
        <translation>搜尋訂單、客戶或 PO…</translation>
    </message>
    <message>
        <source>Linking rules…</source>
        <translation>對應規則…</translation>
    </message>
    <message>
        <source>How order lines are matched to work orders when the MES gives no links</source>
        <translation>MES 未提供對應時，訂單項次如何對應到工單</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客戶</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>風險</translation>
    </message>
    <message>
        <source>{shown} of {total} lines</source>
        <translation>顯示 {shown} / {total} 個項次</translation>
    </message>
</context>
<context>
    <name>OrderReasons</name>
    <message>
        <source>the MES gives no link for it and no matching key is switched on</source>
        <translation>MES 未提供對應，且未啟用任何比對依據</translation>
    </message>
    <message>
        <source>no work order has order number {order}</source>
        <translation>沒有工單標示訂單號碼 {order}</translation>
    </message>
    <message>
        <source>no work order names {ref} for line {line}</source>
        <translation>沒有工單標示 {ref} 的項次 {line}</translation>
    </message>
    <message>
        <source>the work orders naming {ref} for this line are used up by other lines</source>
        <translation>標示 {ref} 此項次的工單已被其他項次用完</translation>
    </message>
    <message>
        <source>order {order} has no customer PO</source>
        <translation>訂單 {order} 沒有客戶採購單號</translation>
    </message>
    <message>
        <source>no work order names PO {po}</source>
        <translation>沒有工單標示客戶採購單號 {po}</translation>
    </message>
    <message>
        <source>product {product} has no MES code in the product map</source>
        <translation>產品 {product} 在產品代碼對照表中沒有 MES 代碼</translation>
    </message>
    <message>
        <source>no open work order makes {product}</source>
        <translation>沒有未結工單生產 {product}</translation>
    </message>
    <message>
        <source>the open work orders of {product} are used up by earlier lines</source>
        <translation>{product} 的未結工單已被前面的項次用完</translation>
    </message>
    <message>
        <source>the MES links it to order {order}, which the CRM cache does not hold</source>
        <translation>MES 將它對應到訂單 {order}，但 CRM 快取中沒有此訂單</translation>
    </message>
    <message>
        <source>work order {work_order} names no order number or customer PO</source>
        <translation>工單 {work_order} 未標示訂單號碼或客戶採購單號</translation>
    </message>
    <message>
        <source>work order {work_order} names {ref} which no open order has</source>
        <translation>工單 {work_order} 標示的 {ref} 不屬於任何未結訂單</translation>
    </message>
    <message>
        <source>work order {work_order} names line {line} of {ref}, which is not an open line</source>
        <translation>工單 {work_order} 標示 {ref} 的項次 {line}，但該項次並非未結項次</translation>
    </message>
    <message>
        <source>{ref} has no open line of product {product}</source>
        <translation>{ref} 沒有產品 {product} 的未結項次</translation>
    </message>
    <message>
        <source>the lines of {ref} it could serve are covered by other work orders</source>
        <translation>它可供應的 {ref} 項次已由其他工單涵蓋</translation>
    </message>
    <message>
        <source>no CRM product maps to {product} in the product map</source>
        <translation>產品代碼對照表中沒有 CRM 產品對應到 {product}</translation>
    </message>
    <message>
        <source>no open order line needs {product}</source>
        <translation>沒有未結訂單項次需要 {product}</translation>
    </message>
    <message>
        <source>the open lines of {product} are covered by earlier work orders</source>
        <translation>{product} 的未結項次已由前面的工單涵蓋</translation>
    </message>
    <message>
        <source>{product} is a component for other work orders, not sold to customers</source>
        <translation>{product} 是其他工單使用的零組件，不對客戶銷售</translation>
    </message>
    <message>
        <source>codes must be text</source>
        <translation>代碼必須是文字</translation>
    </message>
    <message>
        <source>the CRM product code is empty</source>
        <translation>CRM 產品代碼空白</translation>
    </message>
    <message>
        <source>the MES code for {product} is empty</source>
        <translation>{product} 的 MES 代碼空白</translation>
    </message>
    <message>
        <source>{product} is mapped twice (also in row {row})</source>
        <translation>{product} 重複對應（第 {row} 列也有）</translation>
    </message>
    <message>
        <source>no cached MES product has the code {product}</source>
        <translation>快取中沒有代碼為 {product} 的 MES 產品</translation>
    </message>
    <message>
        <source>predicted {predicted}, 1 day after the promised {promised}</source>
        <translation>預計完工 {predicted}，比承諾交期 {promised} 晚 1 天</translation>
    </message>
    <message>
        <source>predicted {predicted}, {days} days after the promised {promised}</source>
        <translation>預計完工 {predicted}，比承諾交期 {promised} 晚 {days} 天</translation>
    </message>
    <message>
        <source>1 day past due ({due}), {done} of {ordered} {unit} done</source>
        <translation>已逾期 1 天（{due}），已完成 {done} / {ordered} {unit}</translation>
    </message>
    <message>
        <source>{days} days past due ({due}), {done} of {ordered} {unit} done</source>
        <translation>已逾期 {days} 天（{due}），已完成 {done} / {ordered} {unit}</translation>
    </message>
    <message>
        <source>{machine} down {down}, slack {slack}</source>
        <translation>{machine} 停機 {down}，緩衝時間 {slack}</translation>
    </message>
    <message>
        <source>no work order, due today</source>
        <translation>無工單，今天到期</translation>
    </message>
    <message>
        <source>no work order, due tomorrow</source>
        <translation>無工單，明天到期</translation>
    </message>
    <message>
        <source>no work order, due in {days} days</source>
        <translation>無工單，{days} 天後到期</translation>
    </message>
    <message>
        <source>waiting for {item} until {until}</source>
        <translation>等待 {item}，至 {until} 到貨</translation>
    </message>
    <message>
        <source>waiting for {item}: no receipt expected</source>
        <translation>等待 {item}：無預計到貨</translation>
    </message>
    <message>
        <source>the scheduler could not plan it</source>
        <translation>排程無法安排</translation>
    </message>
    <message>
        <source>the scheduler could not plan it: {problem}</source>
        <translation>排程無法安排：{problem}</translation>
    </message>
    <message>
        <source>predicted {predicted}, promised {promised}</source>
        <translation>預計完工 {predicted}，承諾交期 {promised}</translation>
    </message>
    <message>
        <source>90 % likely by {latest}, after the promised {promised}</source>
        <translation>90 % 可能在 {latest} 前完成，晚於承諾的 {promised}</translation>
    </message>
    <message>
        <source>predicted {predicted}, 90 % likely by {latest}, promised {promised}</source>
        <translation>預測 {predicted}，90 % 可能在 {latest} 前完成，承諾 {promised}</translation>
    </message>
    <message>
        <source>no predicted completion yet</source>
        <translation>尚無預計完工日</translation>
    </message>
    <message>
        <source>no work order yet, due {due}</source>
        <translation>尚無工單，{due} 到期</translation>
    </message>
    <message>
        <source>draft without a promised date</source>
        <translation>草稿，尚無承諾交期</translation>
    </message>
    <message>
        <source>all {ordered} {unit} shipped</source>
        <translation>{ordered} {unit} 已全部出貨</translation>
    </message>
    <message>
        <source>all made, {shipped} of {ordered} {unit} shipped</source>
        <translation>已全部生產，已出貨 {shipped} / {ordered} {unit}</translation>
    </message>
    <message>
        <source>order shipped</source>
        <translation>訂單已出貨</translation>
    </message>
    <message>
        <source>order closed</source>
        <translation>訂單已結案</translation>
    </message>
    <message>
        <source>order cancelled</source>
        <translation>訂單已取消</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分鐘</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} 小時</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小時 {minutes} 分</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} 天 {hours} 小時</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>Orders</name>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已確認</translation>
    </message>
    <message>
        <source>in production</source>
        <translation>生產中</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>已出貨</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已結案</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>已計畫</translation>
    </message>
    <message>
        <source>released</source>
        <translation>已發放</translation>
    </message>
    <message>
        <source>running</source>
        <translation>生產中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完工</translation>
    </message>
    <message>
        <source>late</source>
        <translation>延遲</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>有風險</translation>
    </message>
    <message>
        <source>on track</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>from the MES</source>
        <translation>由 MES 提供</translation>
    </message>
    <message>
        <source>by order number</source>
        <translation>依訂單號碼</translation>
    </message>
    <message>
        <source>by customer PO</source>
        <translation>依客戶採購單號</translation>
    </message>
    <message>
        <source>by product map</source>
        <translation>依產品代碼對照表</translation>
    </message>
    <message>
        <source>Order number and line</source>
        <translation>訂單號碼與項次</translation>
    </message>
    <message>
        <source>Customer PO</source>
        <translation>客戶採購單號</translation>
    </message>
    <message>
        <source>Product code map</source>
        <translation>產品代碼對照表</translation>
    </message>
    <message>
        <source>{predicted} (≤ {latest})</source>
        <translation>{predicted}（≤ {latest}）</translation>
    </message>
    <message>
        <source>Predicted {predicted}: 80 % likely between {earliest} and {latest}, 90 % likely by {latest}.</source>
        <translation>預測 {predicted}：80 % 可能在 {earliest} 至 {latest} 之間，90 % 可能在 {latest} 前完成。</translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <source>Order</source>
        <translation>訂單</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>項次</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客戶</translation>
    </message>
    <message>
        <source>PO</source>
        <translation>客戶採購單號</translation>
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
        <source>Requested</source>
        <translation>需求日期</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承諾交期</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>預計完工</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>進度</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>風險</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>{done} of {ordered} {unit} made or shipped</source>
        <translation>已生產或出貨 {done} / {ordered} {unit}</translation>
    </message>
    <message>
        <source>No predicted completion: the scheduler has not planned it.</source>
        <translation>無預計完工日：排程尚未安排此項次。</translation>
    </message>
</context>
<context>
    <name>OrdersView</name>
    <message>
        <source>Save the progress report</source>
        <translation>儲存進度報告</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Select an order line</source>
        <translation>請選擇訂單項次</translation>
    </message>
    <message>
        <source>Its order's work orders, operations and promised-date history show here.</source>
        <translation>所屬訂單的工單、工序與承諾交期變更紀錄會顯示在這裡。</translation>
    </message>
    <message>
        <source>Order lines</source>
        <translation>訂單項次</translation>
    </message>
    <message>
        <source>Not linked</source>
        <translation>未對應</translation>
    </message>
    <message>
        <source>No orders cached yet</source>
        <translation>尚未快取任何訂單</translation>
    </message>
    <message>
        <source>Orders appear here once the sync engine has read them from the CRM.</source>
        <translation>同步引擎從 CRM 讀取訂單後，訂單會顯示在這裡。</translation>
    </message>
    <message>
        <source>No order lines match these filters</source>
        <translation>沒有符合篩選條件的訂單項次</translation>
    </message>
    <message>
        <source>Choose another customer, status or risk, or clear the search.</source>
        <translation>請選擇其他客戶、狀態或風險，或清除搜尋。</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除篩選</translation>
    </message>
    <message>
        <source>Stock allocation is not in the CRM and MES contract: progress counts what linked work orders made and what was shipped, never stock set aside for a line.</source>
        <translation>CRM 與 MES 的資料介面不含庫存保留：進度只計算已對應工單的產出與已出貨量，不計入為項次保留的庫存。</translation>
    </message>
    <message>
        <source>No plan from the scheduler yet: predicted completion, and the risks that need it, appear once there is one.</source>
        <translation>排程尚未產生：產生排程後，才會顯示預計完工日及需要它判斷的風險。</translation>
    </message>
    <message>
        <source>The MES gives neither links to order lines nor order references, so only the product code map can link them.</source>
        <translation>MES 既未提供訂單項次對應，也未提供訂單參照，因此只能依產品代碼對照表對應。</translation>
    </message>
    <message>
        <source>The linking rules file could not be read ({problem}); the default rules are in use.</source>
        <translation>無法讀取對應規則檔（{problem}），目前使用預設規則。</translation>
    </message>
    <message>
        <source>Orders cached: {count}</source>
        <translation>已快取的訂單：{count} 筆</translation>
    </message>
    <message>
        <source>Their lines, progress and risk are read when this view opens.</source>
        <translation>開啟此頁面時會讀取訂單項次、進度與風險。</translation>
    </message>
    <message>
        <source>Reading orders from the cache…</source>
        <translation>正在從快取讀取訂單…</translation>
    </message>
    <message>
        <source>Orders could not be read</source>
        <translation>無法讀取訂單</translation>
    </message>
    <message>
        <source>Not linked ({count})</source>
        <translation>未對應（{count}）</translation>
    </message>
    <message>
        <source>Order lines ({count})</source>
        <translation>訂單項次（{count}）</translation>
    </message>
    <message>
        <source>the order is no longer in the cache</source>
        <translation>快取中已沒有此訂單</translation>
    </message>
    <message>
        <source>Progress report of {number} saved to {path}</source>
        <translation>{number} 的進度報告已儲存到 {path}</translation>
    </message>
    <message>
        <source>The progress report of {number} was not saved: {reason}</source>
        <translation>{number} 的進度報告未能儲存：{reason}</translation>
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
        <source>source {source} is not configured any more</source>
        <translation>來源 {source} 已不在設定中</translation>
    </message>
    <message>
        <source>webhook {source} is not configured any more</source>
        <translation>Webhook {source} 已不在設定中</translation>
    </message>
    <message>
        <source>Promised date of {order} line {line} → {date}</source>
        <translation>{order} 項次 {line} 的承諾交期 → {date}</translation>
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
        <source>Event {event} to webhook {target}</source>
        <translation>事件 {event} 送往 Webhook {target}</translation>
    </message>
    <message>
        <source>Quote: {quantity} {unit} {product} for {customer}, {date}</source>
        <translation>報價：{quantity} {unit} {product} 給 {customer}，{date}</translation>
    </message>
    <message>
        <source>{action} on {target}</source>
        <translation>{target} 的 {action}</translation>
    </message>
    <message>
        <source>created order {number}</source>
        <translation>已建立訂單 {number}</translation>
    </message>
    <message>
        <source>accepted: {number}</source>
        <translation>已接受：{number}</translation>
    </message>
    <message>
        <source>accepted: {id}</source>
        <translation>已接受：{id}</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
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
        <source>Your change to {target} cannot be sent: {reason}</source>
        <translation>您對 {target} 的變更無法送出：{reason}</translation>
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
    <message numerus="yes">
        <source>Done today: %n action(s) the source accepted</source>
        <translation>
            <numerusform>今日完成：來源已接受 %n 項操作</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing sent today yet.</source>
        <translation>今天尚未送出任何操作。</translation>
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
    <message numerus="yes">
        <source>%n action(s) sent today</source>
        <translation>
            <numerusform>今日已送出 %n 項操作</numerusform>
        </translation>
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
        <source>Sent at</source>
        <translation>送出時間</translation>
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
        <source>Source's answer</source>
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
        <source>Figures</source>
        <translation>指標</translation>
    </message>
    <message>
        <source>Cached data</source>
        <translation>已快取的資料</translation>
    </message>
    <message>
        <source>No cache is open: there are no figures.</source>
        <translation>未開啟快取：沒有指標數據。</translation>
    </message>
    <message>
        <source>What the local cache holds, per source, and how fresh it is.</source>
        <translation>本機快取中各資料來源的資料，以及資料的新舊程度。</translation>
    </message>
    <message>
        <source>Computing the figures…</source>
        <translation>正在計算指標…</translation>
    </message>
    <message>
        <source>Click a figure to see the rows behind it.</source>
        <translation>點選指標可查看其背後的資料列。</translation>
    </message>
    <message>
        <source>The figures could not be computed: {error}</source>
        <translation>無法計算指標：{error}</translation>
    </message>
    <message>
        <source>Figures worked out at {made} from the data read so far.</source>
        <translation>指標於 {made} 依目前已讀取的資料計算。</translation>
    </message>
    <message>
        <source>Figures from the data as of {data}, worked out at {made}.</source>
        <translation>指標依 {data} 的資料於 {made} 計算。</translation>
    </message>
    <message>
        <source>Weeks are ISO weeks in the site's time zone ({zone}); rates and times cover the last 4 weeks, counts are as of the data. Click a figure for the rows behind it.</source>
        <translation>週別採廠區時區（{zone}）的國際標準週次；比率與時間涵蓋最近 4 週，件數為該資料時間的數字。點選指標可查看其背後的資料列。</translation>
    </message>
    <message>
        <source>{figures} {weeks}</source>
        <translation>{figures}{weeks}</translation>
    </message>
    <message>
        <source>{title}: the {n} rows behind the figure</source>
        <translation>{title}：此指標背後的 {n} 筆資料列</translation>
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
    <name>PlanService</name>
    <message>
        <source>Nothing to plan yet: no MES data in the cache.</source>
        <translation>尚無可排程的資料：快取中沒有 MES 資料。</translation>
    </message>
</context>
<context>
    <name>PlanText</name>
    <message>
        <source>d MMMM</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>Stock is not checked: the source provides no stock levels.</source>
        <translation>未檢查庫存：資料來源未提供庫存量。</translation>
    </message>
    <message>
        <source>{quantity} {unit} can ship from finished stock now</source>
        <translation>{quantity} {unit} 可立即從成品庫存出貨</translation>
    </message>
    <message>
        <source>{quantity} {unit} arrive on {date}</source>
        <translation>{quantity} {unit} 預計於 {date} 到貨</translation>
    </message>
    <message>
        <source>{quantity} {unit} have to be made</source>
        <translation>{quantity} {unit} 需要生產</translation>
    </message>
    <message>
        <source>The bottleneck is material: {quantity} {unit} of {item} short, and no receipt is expected (assumed bought within the purchasing lead time).</source>
        <translation>瓶頸在物料：{item} 缺料 {quantity} {unit}，且沒有預計到貨（假設可在採購前置時間內購入）。</translation>
    </message>
    <message>
        <source>The bottleneck is material: {quantity} {unit} of {item} short until the receipt on {date}.</source>
        <translation>瓶頸在物料：{item} 缺料 {quantity} {unit}，要到 {date} 預計到貨才補足。</translation>
    </message>
    <message>
        <source>No date can be given: {problem}.</source>
        <translation>無法提供日期：{problem}。</translation>
    </message>
    <message>
        <source>{quantity} × {product} can be complete on {date}</source>
        <translation>{quantity} × {product} 可於 {date} 完成</translation>
    </message>
    <message>
        <source>{quantity} × {product} cannot be complete by {requested}; the earliest is {date}</source>
        <translation>{quantity} × {product} 無法在 {requested} 前完成；最早可於 {date} 完成</translation>
    </message>
    <message>
        <source>, and by {confident} with 90 % confidence</source>
        <translation>，90 % 把握在 {confident} 前完成</translation>
    </message>
    <message>
        <source>, with 90 % confidence</source>
        <translation>，有 90 % 把握</translation>
    </message>
    <message>
        <source>; the bottleneck is {center}, {load} % loaded in week {week}.</source>
        <translation>；瓶頸為 {center}，第 {week} 週負荷 {load} %。</translation>
    </message>
</context>
<context>
    <name>PlanningView</name>
    <message>
        <source>Nothing to plan yet</source>
        <translation>尚無可排程的資料</translation>
    </message>
    <message>
        <source>Delivery-date checks and expedites appear here once the sync engine has read work orders, calendars and products from the MES.</source>
        <translation>同步引擎從 MES 讀取工單、行事曆與產品後，交期查詢與急件處理會顯示在這裡。</translation>
    </message>
    <message>
        <source>Delivery date</source>
        <translation>交期查詢</translation>
    </message>
    <message>
        <source>Expedite work orders</source>
        <translation>工單急件</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>產能</translation>
    </message>
    <message>
        <source>Plan of {day} {time}: {jobs} jobs on the floor's calendars; {late} order line(s) predicted after their promised date.</source>
        <translation>{day} {time} 的排程：現場行事曆上共 {jobs} 項作業；{late} 個訂單項次預計晚於承諾交期。</translation>
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
    <name>ProfileForm</name>
    <message>
        <source>Gemba reference contract</source>
        <translation>Gemba 參考介面</translation>
    </message>
    <message>
        <source>Salesforce</source>
        <translation>Salesforce</translation>
    </message>
    <message>
        <source>Microsoft Dynamics 365</source>
        <translation>Microsoft Dynamics 365</translation>
    </message>
    <message>
        <source>Odoo</source>
        <translation>Odoo</translation>
    </message>
    <message>
        <source>ERPNext</source>
        <translation>ERPNext</translation>
    </message>
    <message>
        <source>Tryton</source>
        <translation>Tryton</translation>
    </message>
    <message>
        <source>OPC UA server</source>
        <translation>OPC UA 伺服器</translation>
    </message>
    <message>
        <source>MQTT Sparkplug B broker</source>
        <translation>MQTT Sparkplug B 代理伺服器</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>MES</source>
        <translation>MES</translation>
    </message>
    <message>
        <source>Instance (not used)</source>
        <translation>執行個體（不使用）</translation>
    </message>
    <message>
        <source>Organisation id</source>
        <translation>組織 ID</translation>
    </message>
    <message>
        <source>Tenant id</source>
        <translation>租用戶 ID</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>資料庫</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Namespace URI</source>
        <translation>命名空間 URI</translation>
    </message>
    <message>
        <source>Sparkplug group</source>
        <translation>Sparkplug 群組</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>執行個體</translation>
    </message>
    <message>
        <source>Client id (consumer key)</source>
        <translation>用戶端 ID（Consumer Key）</translation>
    </message>
    <message>
        <source>Client id (app registration)</source>
        <translation>用戶端 ID（應用程式註冊）</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 金鑰</translation>
    </message>
    <message>
        <source>User (empty: anonymous)</source>
        <translation>使用者（空白：匿名）</translation>
    </message>
    <message>
        <source>User (empty: token)</source>
        <translation>使用者（空白：使用權杖）</translation>
    </message>
    <message>
        <source>User</source>
        <translation>使用者</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>權杖</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>用戶端密碼</translation>
    </message>
    <message>
        <source>API secret</source>
        <translation>API 密碼</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <source>Use letters, digits, '-', '_' or '.' (at most 40 characters), starting with a letter or digit.</source>
        <translation>請使用英文字母、數字、'-'、'_' 或 '.'（最多 40 個字元），並以字母或數字開頭。</translation>
    </message>
    <message>
        <source>Unknown kind of source.</source>
        <translation>未知的來源種類。</translation>
    </message>
    <message>
        <source>A %1 source cannot be the %2.</source>
        <translation>%1 來源不能當作 %2。</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 或 %2</translation>
    </message>
    <message>
        <source>The address must start with %1.</source>
        <translation>位址必須以 %1 開頭。</translation>
    </message>
    <message>
        <source>The database name is needed.</source>
        <translation>需要資料庫名稱。</translation>
    </message>
    <message>
        <source>The Sparkplug group id is needed.</source>
        <translation>需要 Sparkplug 群組 ID。</translation>
    </message>
    <message>
        <source>Line %1 is not key=value.</source>
        <translation>第 %1 行不是 key=value 格式。</translation>
    </message>
    <message>
        <source>“%1” looks like a secret: options are written to a file; put secrets in the secret field.</source>
        <translation>「%1」看起來像密碼：選項會寫入檔案；密碼請填在密碼欄位。</translation>
    </message>
    <message>
        <source>e.g. crm or plant-hsinchu</source>
        <translation>例如 crm 或 plant-hsinchu</translation>
    </message>
    <message>
        <source>key=value, one a line (advanced)</source>
        <translation>key=value，每行一項（進階）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Kind of source</source>
        <translation>來源種類</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Address (URL)</source>
        <translation>位址（URL）</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>選項</translation>
    </message>
    <message>
        <source>typed; stored in the OS keyring on Save</source>
        <translation>已輸入；按「儲存」時存入作業系統金鑰圈</translation>
    </message>
    <message>
        <source>unchanged (kept in the OS keyring); type to replace</source>
        <translation>未變更（保存在作業系統金鑰圈）；輸入即可取代</translation>
    </message>
    <message>
        <source>not stored yet</source>
        <translation>尚未儲存</translation>
    </message>
    <message>
        <source>Read from the environment variable %1, which wins over a password typed here.</source>
        <translation>從環境變數 %1 讀取，它優先於在此輸入的密碼。</translation>
    </message>
    <message>
        <source>set by %1</source>
        <translation>由 %1 設定</translation>
    </message>
    <message>
        <source>Kept in the OS keyring on Save (or set the environment variable %1).</source>
        <translation>儲存時保存在作業系統的金鑰圈中（或設定環境變數 %1）。</translation>
    </message>
    <message>
        <source>Not kept: this machine has no keyring service. Set the environment variable %1 for the console and the sync agent.</source>
        <translation>不會保存：這台電腦沒有金鑰圈服務。請為主控台與同步代理程式設定環境變數 %1。</translation>
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
        <source>Chart</source>
        <translation>管制圖</translation>
    </message>
    <message>
        <source>By line</source>
        <translation>依產線</translation>
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
        <source>Time ({zone}, {offset})</source>
        <translation>時間（{zone}，{offset}）</translation>
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
        <source>Time axis</source>
        <translation>時間軸</translation>
    </message>
    <message>
        <source>Place the points at the time they were measured, in the site's time zone, instead of one after the other.</source>
        <translation>依量測時間（廠區時區）排列各點，而非依序排列。</translation>
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
        <translation>{lots} 個批號的 {shipments} 筆出貨，送往 {customers} 位客戶（其中 {keys} 位重點客戶），共 {orders} 張銷售訂單。</translation>
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
        <translation>重點客戶</translation>
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
        <translation>重點客戶</translation>
    </message>
</context>
<context>
    <name>ReleaseControl</name>
    <message>
        <source>{order} line {line}</source>
        <translation>{order} 第 {line} 項</translation>
    </message>
    <message>
        <source>{line} is released already: its work order is in the outbox or in the MES.</source>
        <translation>{line} 已下達：其工單已在待送清單或 MES 中。</translation>
    </message>
    <message>
        <source>{line} is not released: {reason}. Map the option in Option mapping…</source>
        <translation>{line} 未下達：{reason}。請在「選項對應…」中對應此選項</translation>
    </message>
    <message>
        <source>Release {line}</source>
        <translation>下達 {line}</translation>
    </message>
    <message>
        <source>The MES refused the release: {reason}</source>
        <translation>MES 拒絕了下達：{reason}</translation>
    </message>
    <message>
        <source>{line}: release waiting to be sent</source>
        <translation>{line}：下達等待送出</translation>
    </message>
    <message>
        <source>{line}: released; its work order shows once the MES is read again</source>
        <translation>{line}：已下達；再次讀取 MES 後即會顯示其工單</translation>
    </message>
    <message>
        <source>{what} could not be queued: {error}</source>
        <translation>無法將「{what}」排入待送：{error}</translation>
    </message>
</context>
<context>
    <name>RiskModel</name>
    <message>
        <source>Machine</source>
        <translation>機台</translation>
    </message>
    <message>
        <source>Work center</source>
        <translation>工作中心</translation>
    </message>
    <message>
        <source>Next shift</source>
        <translation>下一班</translation>
    </message>
    <message>
        <source>Next day</source>
        <translation>未來一天</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>未來一週</translation>
    </message>
    <message>
        <source>Service by</source>
        <translation>最晚保養</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>MTBF (h)</source>
        <translation>MTBF（小時）</translation>
    </message>
    <message>
        <source>MTTR (h)</source>
        <translation>MTTR（小時）</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>故障次數</translation>
    </message>
    <message>
        <source>90 % interval: {low} to {high}</source>
        <translation>90 % 區間：{low} 至 {high}</translation>
    </message>
</context>
<context>
    <name>RoleLabel</name>
    <message>
        <source>Shared database</source>
        <translation>共用資料庫</translation>
    </message>
    <message>
        <source>Shared database unreachable</source>
        <translation>無法連上共用資料庫</translation>
    </message>
    <message>
        <source>Local cache</source>
        <translation>本機快取</translation>
    </message>
    <message>
        <source>no role</source>
        <translation>無角色</translation>
    </message>
    <message>
        <source>{place} · {role}</source>
        <translation>{place} · {role}</translation>
    </message>
    <message>
        <source>As {role} you may: {actions}.</source>
        <translation>身為{role}，您可以：{actions}。</translation>
    </message>
    <message>
        <source>This login is in no Gemba role: it may read, not act.</source>
        <translation>此登入帳號不屬於任何 Gemba 角色：只能檢視，不能操作。</translation>
    </message>
    <message>
        <source>Reconnecting: {error}</source>
        <translation>重新連線中：{error}</translation>
    </message>
</context>
<context>
    <name>RuleText</name>
    <message>
        <source>New confirmed order line without a work order</source>
        <translation>新確認的訂單項次尚無工單</translation>
    </message>
    <message>
        <source>Machine down longer than an order's slack</source>
        <translation>機台停機超過訂單的寬裕時間</translation>
    </message>
    <message>
        <source>Predicted completion slips past the promised date</source>
        <translation>預計完工晚於承諾交期</translation>
    </message>
    <message>
        <source>Control-chart rule on a product shipped to a key customer</source>
        <translation>出貨給重點客戶的產品觸發管制圖判異規則</translation>
    </message>
    <message>
        <source>Complaint of high or critical severity</source>
        <translation>高或緊急嚴重度的客訴</translation>
    </message>
    <message>
        <source>Write production progress back to the CRM when it changes</source>
        <translation>生產進度變動時寫回 CRM</translation>
    </message>
    <message>
        <source>Release confirmed lines of a product family after N hours</source>
        <translation>N 小時後將某產品系列的已確認明細下達生產</translation>
    </message>
    <message>
        <source>Raise an alert</source>
        <translation>發出警示</translation>
    </message>
    <message>
        <source>Add an activity in the CRM</source>
        <translation>在 CRM 新增活動</translation>
    </message>
    <message>
        <source>Draft a customer notice</source>
        <translation>草擬客戶通知</translation>
    </message>
    <message>
        <source>Call a webhook</source>
        <translation>呼叫 Webhook</translation>
    </message>
    <message>
        <source>Release to production</source>
        <translation>下達生產</translation>
    </message>
    <message>
        <source>Write it to the CRM</source>
        <translation>寫入 CRM</translation>
    </message>
    <message>
        <source>alert raised</source>
        <translation>已發出警示</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待處理</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>已排入</translation>
    </message>
    <message>
        <source>offline: not sent</source>
        <translation>離線：未送出</translation>
    </message>
    <message>
        <source>no CRM order to add it to</source>
        <translation>沒有可加入的 CRM 訂單</translation>
    </message>
    <message>
        <source>notice to draft</source>
        <translation>待草擬通知</translation>
    </message>
    <message>
        <source>webhook not configured</source>
        <translation>未設定 Webhook</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>released already</source>
        <translation>已下達</translation>
    </message>
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
        <translation>緊急</translation>
    </message>
    <message>
        <source>refused: {reason}</source>
        <translation>已拒絕：{reason}</translation>
    </message>
    <message>
        <source>{line} ({customer}) has no work order {hours} h after the order came in</source>
        <translation>{line}（{customer}）下單 {hours} 小時後仍無工單</translation>
    </message>
    <message>
        <source>{machine} down {down} h, longer than the {slack} h slack of {line} ({customer})</source>
        <translation>{machine} 停機 {down} 小時，超過 {line}（{customer}）{slack} 小時的寬裕時間</translation>
    </message>
    <message>
        <source>{line} ({customer}) predicted {predicted}, {days} days after the promised {promised}</source>
        <translation>{line}（{customer}）預計 {predicted} 完工，比承諾交期 {promised} 晚 {days} 天</translation>
    </message>
    <message>
        <source>{characteristic}: {rule} ({description}); shipped to {customers}</source>
        <translation>{characteristic}：{rule}（{description}）；已出貨給 {customers}</translation>
    </message>
    <message>
        <source>Complaint {number} from {customer}: {severity}, {category}</source>
        <translation>{customer} 的客訴 {number}：{severity}，{category}</translation>
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
    <name>RulesDialog</name>
    <message>
        <source>after (hours):</source>
        <translation>經過（小時）：</translation>
    </message>
    <message>
        <source>by at least (days):</source>
        <translation>至少延誤（天）：</translation>
    </message>
    <message>
        <source>within the last (hours):</source>
        <translation>最近（小時）內：</translation>
    </message>
    <message>
        <source>severity at least:</source>
        <translation>嚴重度至少：</translation>
    </message>
    <message>
        <source>per line at most every (minutes):</source>
        <translation>每項明細最多每隔（分鐘）：</translation>
    </message>
    <message>
        <source>product family, e.g. GU-3 (empty: all)</source>
        <translation>產品系列，例如 GU-3（留空：全部）</translation>
    </message>
    <message>
        <source>Product ids or codes starting with this text, several separated by commas</source>
        <translation>以此文字開頭的產品代號或編碼，多個以逗號分隔</translation>
    </message>
    <message>
        <source>Enter whole minutes from 1 to 1440.</source>
        <translation>請輸入 1 到 1440 的整數分鐘。</translation>
    </message>
    <message>
        <source>Enter whole days from 1 to 365.</source>
        <translation>請輸入 1 到 365 的整數天數。</translation>
    </message>
    <message>
        <source>Enter a number of hours.</source>
        <translation>請輸入小時數。</translation>
    </message>
    <message>
        <source>Enter more than 0 and at most 720 hours.</source>
        <translation>請輸入大於 0 且不超過 720 的小時數。</translation>
    </message>
    <message>
        <source>Automation rules</source>
        <translation>自動化規則</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>規則</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>條件</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>動作</translation>
    </message>
    <message>
        <source>Each rule fires once per occurrence. Alerts show in the console; activities, webhook calls and releases to production go out through the outbox.</source>
        <translation>每條規則每次發生只觸發一次。警示顯示在主控台中；活動、Webhook 呼叫與生產下達經由待送清單送出。</translation>
    </message>
    <message>
        <source>Automation rules…</source>
        <translation>自動化規則…</translation>
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
    <name>SharedRoles</name>
    <message>
        <source>account manager</source>
        <translation>業務</translation>
    </message>
    <message>
        <source>plant manager</source>
        <translation>廠長</translation>
    </message>
    <message>
        <source>quality engineer</source>
        <translation>品保工程師</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>系統管理員</translation>
    </message>
    <message>
        <source>promise delivery dates</source>
        <translation>承諾交期</translation>
    </message>
    <message>
        <source>add activities or customer notices to orders</source>
        <translation>在訂單加上活動或客戶通知</translation>
    </message>
    <message>
        <source>add findings to complaints</source>
        <translation>在客訴加上調查結果</translation>
    </message>
    <message>
        <source>link lots to complaints</source>
        <translation>將批號連結到客訴</translation>
    </message>
    <message>
        <source>expedite work orders</source>
        <translation>加急工單</translation>
    </message>
    <message>
        <source>plan machine maintenance</source>
        <translation>排定機台保養</translation>
    </message>
    <message>
        <source>send events to webhook receivers</source>
        <translation>將事件送到 Webhook 接收端</translation>
    </message>
    <message>
        <source>release order lines to production</source>
        <translation>將訂單明細下達生產</translation>
    </message>
    <message>
        <source>write production progress to the CRM</source>
        <translation>將生產進度寫回 CRM</translation>
    </message>
    <message>
        <source>quote new demand and hold its capacity</source>
        <translation>為新需求報價並保留其產能</translation>
    </message>
    <message>
        <source>do this</source>
        <translation>執行此動作</translation>
    </message>
    <message>
        <source>The shared database refused: your role ({role}) may not {action}.</source>
        <translation>共用資料庫拒絕了：您的角色（{role}）不可{action}。</translation>
    </message>
    <message>
        <source>The shared database refused: your login may not {action}.</source>
        <translation>共用資料庫拒絕了：您的登入帳號不可{action}。</translation>
    </message>
</context>
<context>
    <name>ShelveDialog</name>
    <message>
        <source>Shelve alarm</source>
        <translation>擱置警報</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小時</translation>
    </message>
    <message>
        <source>e.g. known issue, maintenance booked</source>
        <translation>例如：已知問題、已排定維護</translation>
    </message>
    <message>
        <source>Shelve</source>
        <translation>擱置</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>For</source>
        <translation>擱置時間</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Say why it is shelved: the journal keeps it.</source>
        <translation>請說明擱置原因：日誌會保留這項紀錄。</translation>
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
        <source>the TLS certificate of {host} is not trusted: install the company's CA certificate or correct the address</source>
        <translation>{host} 的 TLS 憑證不受信任：請安裝公司的 CA 憑證或更正位址</translation>
    </message>
    <message>
        <source>the TLS handshake with {host} failed ({reason}): is this the server's HTTPS port, and does it accept TLS 1.2 or later?</source>
        <translation>與 {host} 的 TLS 交握失敗（{reason}）：這是伺服器的 HTTPS 連接埠嗎？它接受 TLS 1.2 以上版本嗎？</translation>
    </message>
    <message>
        <source>cannot resolve {host}: check the address</source>
        <translation>無法解析 {host}：請檢查位址</translation>
    </message>
    <message>
        <source>no answer in time (timeout)</source>
        <translation>未在時限內回應（逾時）</translation>
    </message>
    <message>
        <source>cannot connect to {url} (is the server running, is a firewall in the way?)</source>
        <translation>無法連線到 {url}（伺服器是否執行中？是否被防火牆阻擋？）</translation>
    </message>
    <message>
        <source>the connection dropped mid-answer</source>
        <translation>回應途中連線中斷</translation>
    </message>
    <message>
        <source>{what} refused the credentials (401: wrong user, password, key or token)</source>
        <translation>{what} 拒絕了登入憑證（401：使用者、密碼、金鑰或權杖錯誤）</translation>
    </message>
    <message>
        <source>{what} accepted the credentials but the user lacks a permission (403)</source>
        <translation>{what} 接受了登入憑證，但使用者缺少權限（403）</translation>
    </message>
    <message>
        <source>{what} does not know this address (404: wrong instance, database or URL)</source>
        <translation>{what} 找不到此位址（404：執行個體、資料庫或網址錯誤）</translation>
    </message>
    <message>
        <source>{what} asks us to slow down (429: too many requests)</source>
        <translation>{what} 要求放慢速度（429：請求過多）</translation>
    </message>
    <message>
        <source>server error (HTTP {status})</source>
        <translation>伺服器錯誤（HTTP {status}）</translation>
    </message>
    <message>
        <source>request refused (HTTP {status})</source>
        <translation>請求遭拒（HTTP {status}）</translation>
    </message>
    <message>
        <source>the server sent malformed JSON</source>
        <translation>伺服器傳回格式錯誤的 JSON</translation>
    </message>
    <message>
        <source>{url} answers, but not like {what}: is this the right address and the right kind of source?</source>
        <translation>{url} 有回應，但不像 {what}：位址與來源類型是否正確？</translation>
    </message>
    <message>
        <source>waiting for edge node {nodes} to publish its births again; until then its machines' values may be out of date ({why})</source>
        <translation>正在等待邊緣節點 {nodes} 重新發布出生訊息；在此之前，其機台的數值可能已過時（{why}）</translation>
    </message>
    <message>
        <source>answering slowly</source>
        <translation>回應緩慢</translation>
    </message>
    <message>
        <source>internal error: {text}</source>
        <translation>內部錯誤：{text}</translation>
    </message>
    <message>
        <source>{count} invalid item(s) rejected in {feed}</source>
        <translation>{feed} 中有 {count} 筆無效資料被拒收</translation>
    </message>
    <message>
        <source>{error} (first: {reason})</source>
        <translation>{error}（第一筆：{reason}）</translation>
    </message>
    <message>
        <source>cannot connect (is the server running?)</source>
        <translation>無法連線（伺服器是否執行中？）</translation>
    </message>
    <message>
        <source>{error}: {detail}</source>
        <translation>{error}：{detail}</translation>
    </message>
    <message>
        <source>{feed} read again in full: the source came back with older data (restored or restarted), which replaced the cache's: {replaced} record(s) back to an older version, {removed} removed</source>
        <translation>已重新完整讀取{feed}：資料來源帶著較舊的資料回來（自備份還原或重新啟動），並取代了快取中的資料：{replaced} 筆回到較舊版本，{removed} 筆已移除</translation>
    </message>
    <message>
        <source>data replaced by the source's older data: {feeds}</source>
        <translation>資料已由來源的較舊資料取代：{feeds}</translation>
    </message>
    <message>
        <source>no success yet</source>
        <translation>尚未成功連線</translation>
    </message>
    <message>
        <source>last success {age}</source>
        <translation>上次成功：{age}</translation>
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
    <message>
        <source>Notice: {text} (at {time})</source>
        <translation>注意：{text}（{time}）</translation>
    </message>
    <message>
        <source>Notice: {text}</source>
        <translation>注意：{text}</translation>
    </message>
</context>
<context>
    <name>SourceHealthBar</name>
    <message>
        <source>The sync agent reads the sources for every desk</source>
        <translation>同步代理程式會為每個工作站讀取資料來源</translation>
    </message>
    <message>
        <source>No sources configured</source>
        <translation>尚未設定資料來源</translation>
    </message>
</context>
<context>
    <name>SourceHealthIndicator</name>
    <message>
        <source>({error})</source>
        <translation>（{error}）</translation>
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
    <message>
        <source>The local cache was damaged ({problem}). It was moved to {path}, and a new one is being filled from the sources.</source>
        <translation>本機快取已損壞（{problem}）。已移至 {path}，正從資料來源填入新的快取。</translation>
    </message>
    <message>
        <source>The local cache had lost actions waiting to be sent ({problem}). They were taken back from the copy kept beside it.</source>
        <translation>本機快取遺失了等待送出的動作（{problem}）。已從保存在它旁邊的副本取回。</translation>
    </message>
    <message>
        <source>{count} action(s) waiting to be sent were kept and will be sent.</source>
        <translation>已保留 {count} 項待傳送的操作，稍後會送出。</translation>
    </message>
    <message>
        <source>Part of the waiting actions could not be read from the damaged cache: check in the sources that your latest changes arrived.</source>
        <translation>部分待傳送的操作無法從損壞的快取讀出：請在資料來源確認您最近的變更已送達。</translation>
    </message>
    <message>
        <source>Opening the local cache…</source>
        <translation>正在開啟本機快取…</translation>
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
        <source>Reload</source>
        <translation>重新讀取</translation>
    </message>
    <message>
        <source>Read the shared cache again: the sync agent reads the sources for every desk</source>
        <translation>重新讀取共用快取：同步代理程式會為每個工作站讀取資料來源</translation>
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
        <translation>同步引擎從 MES 讀取批號與其系譜後，即可在這裡進行正向與逆向追溯。</translation>
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
    <name>UnlinkedModel</name>
    <message>
        <source>What</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>編號</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客戶</translation>
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
        <source>Needed by</source>
        <translation>需求日期</translation>
    </message>
    <message>
        <source>Why not linked</source>
        <translation>未對應原因</translation>
    </message>
    <message>
        <source>Order line</source>
        <translation>訂單項次</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工單</translation>
    </message>
    <message>
        <source>{order} line {line}</source>
        <translation>{order} 項次 {line}</translation>
    </message>
</context>
<context>
    <name>UnlinkedPanel</name>
    <message>
        <source>Linking rules…</source>
        <translation>對應規則…</translation>
    </message>
    <message>
        <source>Release to production</source>
        <translation>下達生產</translation>
    </message>
    <message>
        <source>Create the selected line's work order in the MES: its quantity, a due date from the promise, the order's priority and its options as production parameters</source>
        <translation>在 MES 中建立所選明細的工單：其數量、依承諾交期的到期日、訂單優先順序，以及作為生產參數的選項</translation>
    </message>
    <message>
        <source>Option mapping…</source>
        <translation>選項對應…</translation>
    </message>
    <message>
        <source>Double-click an order line to see its order</source>
        <translation>按兩下訂單項次可查看所屬訂單</translation>
    </message>
    <message>
        <source>Every open order line and every open work order is linked.</source>
        <translation>所有未結訂單項次與未結工單皆已對應。</translation>
    </message>
    <message>
        <source>Open order lines not linked: {lines} · open work orders not linked: {work_orders}</source>
        <translation>未對應的未結訂單項次：{lines} · 未對應的未結工單：{work_orders}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <source>Links from the MES are used where it gives them; otherwise work orders are matched by: {keys}.</source>
        <translation>MES 有提供對應時即採用；否則依下列方式比對工單：{keys}。</translation>
    </message>
    <message>
        <source>Product map: {count} entries; codes not in it are the same in both systems.</source>
        <translation>產品代碼對照表：{count} 筆；未列入的代碼在兩個系統中相同。</translation>
    </message>
    <message>
        <source>Product map: {count} entries.</source>
        <translation>產品代碼對照表：{count} 筆。</translation>
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
<context>
    <name>WindowsPanel</name>
    <message>
        <source>Window</source>
        <translation>時段</translation>
    </message>
    <message>
        <source>Planned work in it (h)</source>
        <translation>時段內已排工作（小時）</translation>
    </message>
    <message>
        <source>Order lines delayed</source>
        <translation>延後的訂單明細</translation>
    </message>
    <message>
        <source>Made late</source>
        <translation>因而延遲</translation>
    </message>
    <message>
        <source>Plan this window</source>
        <translation>排定此時段</translation>
    </message>
    <message>
        <source>Order lines this window would delay</source>
        <translation>此時段會延後的訂單明細</translation>
    </message>
    <message>
        <source>{start} – {end}</source>
        <translation>{start} – {end}</translation>
    </message>
    <message>
        <source>Already planned: {windows}</source>
        <translation>已排定：{windows}</translation>
    </message>
    <message>
        <source>{start} – {end} ({reason})</source>
        <translation>{start} – {end}（{reason}）</translation>
    </message>
    <message>
        <source>No maintenance planned for this machine.</source>
        <translation>此機台沒有排定的保養。</translation>
    </message>
    <message>
        <source>None: the plan keeps every date.</source>
        <translation>無：計畫中的日期都不受影響。</translation>
    </message>
    <message>
        <source>{order} / {line} ({customer}): {hours:.1f} h later, done {after}</source>
        <translation>{order} / {line}（{customer}）：延後 {hours:.1f} 小時，{after} 完成</translation>
    </message>
    <message>
        <source>— late for {promised}</source>
        <translation>— 趕不上承諾的 {promised}</translation>
    </message>
</context>
<context>
    <name>WorkOrderModel</name>
    <message>
        <source>Work order</source>
        <translation>工單</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>產品</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>剩餘數量</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先順序</translation>
    </message>
    <message>
        <source>Needed by</source>
        <translation>需求日期</translation>
    </message>
    <message>
        <source>Predicted finish</source>
        <translation>預計完工</translation>
    </message>
    <message>
        <source>Late by</source>
        <translation>延遲</translation>
    </message>
    <message>
        <source>cannot be planned</source>
        <translation>無法排程</translation>
    </message>
    <message>
        <source>{finish}, 90 % by {latest}</source>
        <translation>{finish}，90 % 在 {latest} 前</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ZoneTime</name>
    <message>
        <source>{time} {zone}</source>
        <translation>{time} {zone}</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <source>webhook target</source>
        <translation>Webhook 目標</translation>
    </message>
</context>
</TS>