"""Words the simulator draws from, in Chinese and English (zh, en pairs).

Kept apart from the model so that the causal code reads cleanly. Population weights
are rough shares of online shoppers, enough to make the regional mix look real.
"""

# (region zh, region en, province zh, province en, weight, [(city zh, city en, tier), ...])
PROVINCES = [
    ("华东", "East", "上海", "Shanghai", 5, [("上海", "Shanghai", 1)]),
    ("华东", "East", "江苏", "Jiangsu", 8, [("南京", "Nanjing", 2), ("苏州", "Suzhou", 2), ("徐州", "Xuzhou", 3), ("盐城", "Yancheng", 4)]),
    ("华东", "East", "浙江", "Zhejiang", 8, [("杭州", "Hangzhou", 2), ("宁波", "Ningbo", 2), ("温州", "Wenzhou", 3), ("丽水", "Lishui", 4)]),
    ("华东", "East", "安徽", "Anhui", 4, [("合肥", "Hefei", 2), ("芜湖", "Wuhu", 3), ("阜阳", "Fuyang", 4)]),
    ("华东", "East", "福建", "Fujian", 4, [("福州", "Fuzhou", 2), ("厦门", "Xiamen", 2), ("泉州", "Quanzhou", 3), ("南平", "Nanping", 5)]),
    ("华东", "East", "江西", "Jiangxi", 3, [("南昌", "Nanchang", 2), ("赣州", "Ganzhou", 3), ("上饶", "Shangrao", 4)]),
    ("华东", "East", "山东", "Shandong", 7, [("济南", "Jinan", 2), ("青岛", "Qingdao", 2), ("临沂", "Linyi", 3), ("菏泽", "Heze", 4)]),
    ("华南", "South", "广东", "Guangdong", 11, [("广州", "Guangzhou", 1), ("深圳", "Shenzhen", 1), ("东莞", "Dongguan", 2), ("佛山", "Foshan", 2), ("湛江", "Zhanjiang", 4)]),
    ("华南", "South", "广西", "Guangxi", 3, [("南宁", "Nanning", 2), ("柳州", "Liuzhou", 3), ("百色", "Baise", 5)]),
    ("华南", "South", "海南", "Hainan", 1, [("海口", "Haikou", 3), ("三亚", "Sanya", 3)]),
    ("华北", "North", "北京", "Beijing", 5, [("北京", "Beijing", 1)]),
    ("华北", "North", "天津", "Tianjin", 2, [("天津", "Tianjin", 2)]),
    ("华北", "North", "河北", "Hebei", 5, [("石家庄", "Shijiazhuang", 2), ("保定", "Baoding", 3), ("邯郸", "Handan", 4)]),
    ("华北", "North", "山西", "Shanxi", 2, [("太原", "Taiyuan", 2), ("大同", "Datong", 4)]),
    ("华北", "North", "内蒙古", "Inner Mongolia", 1, [("呼和浩特", "Hohhot", 3), ("包头", "Baotou", 3)]),
    ("华中", "Central", "河南", "Henan", 6, [("郑州", "Zhengzhou", 2), ("洛阳", "Luoyang", 3), ("南阳", "Nanyang", 4)]),
    ("华中", "Central", "湖北", "Hubei", 4, [("武汉", "Wuhan", 2), ("宜昌", "Yichang", 3), ("黄冈", "Huanggang", 4)]),
    ("华中", "Central", "湖南", "Hunan", 4, [("长沙", "Changsha", 2), ("衡阳", "Hengyang", 3), ("邵阳", "Shaoyang", 4)]),
    ("西南", "Southwest", "重庆", "Chongqing", 3, [("重庆", "Chongqing", 2)]),
    ("西南", "Southwest", "四川", "Sichuan", 5, [("成都", "Chengdu", 2), ("绵阳", "Mianyang", 3), ("南充", "Nanchong", 4)]),
    ("西南", "Southwest", "贵州", "Guizhou", 2, [("贵阳", "Guiyang", 3), ("遵义", "Zunyi", 3)]),
    ("西南", "Southwest", "云南", "Yunnan", 2, [("昆明", "Kunming", 2), ("大理", "Dali", 4)]),
    ("西南", "Southwest", "西藏", "Tibet", 0.3, [("拉萨", "Lhasa", 4)]),
    ("西北", "Northwest", "陕西", "Shaanxi", 3, [("西安", "Xi'an", 2), ("宝鸡", "Baoji", 4)]),
    ("西北", "Northwest", "甘肃", "Gansu", 1, [("兰州", "Lanzhou", 3), ("天水", "Tianshui", 5)]),
    ("西北", "Northwest", "青海", "Qinghai", 0.4, [("西宁", "Xining", 4)]),
    ("西北", "Northwest", "宁夏", "Ningxia", 0.5, [("银川", "Yinchuan", 3)]),
    ("西北", "Northwest", "新疆", "Xinjiang", 1, [("乌鲁木齐", "Urumqi", 3), ("喀什", "Kashgar", 5)]),
    ("东北", "Northeast", "辽宁", "Liaoning", 3, [("沈阳", "Shenyang", 2), ("大连", "Dalian", 2), ("锦州", "Jinzhou", 4)]),
    ("东北", "Northeast", "吉林", "Jilin", 1.5, [("长春", "Changchun", 2), ("吉林", "Jilin", 3)]),
    ("东北", "Northeast", "黑龙江", "Heilongjiang", 2, [("哈尔滨", "Harbin", 2), ("齐齐哈尔", "Qiqihar", 4)]),
]
# Extra transit days by region (the shop ships from East China).
REGION_TRANSIT_DAYS = {"East": 1.2, "South": 2.0, "North": 1.8, "Central": 1.8, "Southwest": 2.6,
                       "Northwest": 3.2, "Northeast": 2.6}

SURNAMES_ZH = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN_ZH = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩然欣怡子涵梓萱雨轩诗琪佳琪思远俊杰晨阳博文嘉怡雅婷晓东海燕丹丹凯瑞昊天一鸣")
FIRST_EN = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Mia", "Ethan", "Sophia", "Mason", "Chloe", "Leo",
            "Grace", "Henry", "Lily", "Jack", "Zoe", "Ryan", "Ella", "Owen", "Amy", "Daniel", "Ruby", "Sam",
            "Hannah", "Ben", "Alice", "Tom", "Eva", "Max", "Iris", "Kevin", "Lucy", "Adam", "Nora", "Eric"]
LAST_EN = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu",
           "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng"]

# code, zh, en, share of catalogue, median price (CNY), consumable?, repurchase cycle (days), item words zh/en
CATEGORIES = [
    ("beauty", "美妆", "Beauty", 0.13, 129, True, 60, ["面霜", "精华液", "口红", "面膜", "洗面奶", "防晒霜"],
     ["face cream", "serum", "lipstick", "face mask", "cleanser", "sunscreen"]),
    ("apparel", "服饰", "Apparel", 0.16, 159, False, None, ["T恤", "连衣裙", "牛仔裤", "卫衣", "羽绒服", "衬衫"],
     ["T-shirt", "dress", "jeans", "hoodie", "down jacket", "shirt"]),
    ("food", "食品", "Food", 0.13, 49, True, 30, ["坚果礼盒", "挂耳咖啡", "牛肉干", "茶叶", "饼干", "蜂蜜"],
     ["nut gift box", "drip coffee", "beef jerky", "tea", "biscuits", "honey"]),
    ("home", "家居", "Home", 0.11, 89, False, None, ["收纳盒", "四件套", "毛巾", "台灯", "抱枕", "保温杯"],
     ["storage box", "bedding set", "towel", "desk lamp", "cushion", "thermos"]),
    ("digital", "数码", "Electronics", 0.09, 299, False, None, ["蓝牙耳机", "充电宝", "数据线", "手机壳", "键盘", "鼠标"],
     ["earbuds", "power bank", "cable", "phone case", "keyboard", "mouse"]),
    ("baby", "母婴", "Baby", 0.09, 99, True, 25, ["纸尿裤", "奶粉", "湿巾", "奶瓶", "婴儿服", "辅食"],
     ["diapers", "formula", "wet wipes", "baby bottle", "baby clothes", "baby food"]),
    ("personal_care", "个护", "Personal care", 0.1, 59, True, 45, ["洗发水", "沐浴露", "牙膏", "电动牙刷", "护手霜", "剃须刀"],
     ["shampoo", "shower gel", "toothpaste", "electric toothbrush", "hand cream", "razor"]),
    ("pet", "宠物", "Pet", 0.06, 79, True, 35, ["猫粮", "狗粮", "猫砂", "宠物零食", "逗猫棒", "宠物窝"],
     ["cat food", "dog food", "cat litter", "pet treats", "cat toy", "pet bed"]),
    ("sports", "运动", "Sports", 0.07, 139, False, None, ["瑜伽垫", "跑鞋", "哑铃", "运动水壶", "跳绳", "运动袜"],
     ["yoga mat", "running shoes", "dumbbells", "sports bottle", "jump rope", "sports socks"]),
    ("books", "图书", "Books", 0.06, 39, False, None, ["小说", "绘本", "教辅", "传记", "菜谱", "漫画"],
     ["novel", "picture book", "study guide", "biography", "cookbook", "comic"]),
]
BRANDS_ZH = ["优选", "臻品", "悦享", "初心", "暖阳", "青禾", "星河", "木森", "小鹿", "简然"]
BRANDS_EN = ["Prime", "Aura", "Joy", "Pure", "Sunny", "Greenleaf", "Stellar", "Woodland", "Fawn", "Simple"]

CARRIERS = [("顺丰速运", "SF Express", 0.7), ("中通快递", "ZTO Express", 1.0), ("圆通速递", "YTO Express", 1.05),
            ("韵达快递", "Yunda Express", 1.1), ("京东物流", "JD Logistics", 0.8), ("邮政EMS", "China Post EMS", 1.25)]
CARRIER_SHARES = [0.18, 0.26, 0.2, 0.16, 0.1, 0.1]

# Review texts by the main reason behind them.
REVIEW_TEXTS = {
    "good": [("质量很好，物流也快，好评！", "Great quality and fast delivery!"),
             ("和描述一致，包装用心，会回购。", "Exactly as described, nicely packed, will buy again."),
             ("性价比高，客服态度好。", "Good value, friendly service."),
             ("第二次买了，一如既往的好。", "Second purchase, as good as ever."),
             ("很满意，推荐给朋友了。", "Very happy, recommended it to friends.")],
    "neutral": [("还行吧，一般般。", "It's okay, nothing special."),
                ("东西可以，就是等了好几天。", "Product is fine but it took days to arrive."),
                ("价格有点贵，质量凑合。", "A bit pricey, quality is so-so.")],
    "bad_delay": [("物流太慢了，等了一个多星期！", "Delivery was far too slow, over a week!"),
                  ("说好三天到，结果拖了好久，差评。", "Promised in three days, came much later. Bad."),
                  ("快递一直不更新，客服也没说清楚。", "Tracking never updated and service could not explain.")],
    "bad_quality": [("质量太差了，用了两天就坏了。", "Poor quality, broke after two days."),
                    ("和图片完全不一样，做工粗糙。", "Nothing like the photos, shoddy work."),
                    ("有异味，不建议购买。", "Smells bad, do not buy.")],
    "bad_service": [("客服回复太慢，问题也没解决。", "Service replied slowly and did not solve my problem."),
                    ("退货流程太麻烦了。", "Returning it was a hassle.")],
}

# Ticket texts by topic (stage, topic code, zh, en).
TICKET_TEXTS = [
    ("pre_sale", "product_info", "这款有现货吗？什么时候发货？", "Is this in stock? When will it ship?"),
    ("pre_sale", "product_info", "这个适合敏感肌使用吗？", "Is this suitable for sensitive skin?"),
    ("pre_sale", "size", "我身高165体重50公斤，穿什么尺码？", "I'm 165 cm and 50 kg, which size should I take?"),
    ("pre_sale", "price", "现在下单有优惠券吗？能便宜点吗？", "Is there a coupon if I order now? Any discount?"),
    ("pre_sale", "price", "双十一会降价吗？", "Will the price drop on 11.11?"),
    ("in_sale", "payment", "付款失败了怎么办？", "My payment failed, what should I do?"),
    ("in_sale", "address", "下单后能修改收货地址吗？", "Can I change the delivery address after ordering?"),
    ("in_sale", "shipping", "我的订单什么时候发货？", "When will my order ship?"),
    ("after_sale", "shipping", "快递好几天没更新了，帮我查一下物流。", "Tracking hasn't moved for days, please check my parcel."),
    ("after_sale", "return", "不合适，怎么申请退换货？", "It doesn't fit, how do I return or exchange it?"),
    ("after_sale", "quality", "收到的商品有破损，怎么处理？", "The item arrived damaged, what can you do?"),
    ("after_sale", "invoice", "麻烦帮我开一张发票。", "Could you issue an invoice for me?"),
    ("after_sale", "return", "退款什么时候到账？", "When will my refund arrive?"),
]

COMPLAINT_TEXTS = {
    "logistics": [("快递超时严重，要求赔偿。", "Delivery very late, I want compensation."),
                  ("包裹丢件了，一直没人处理。", "Parcel lost and nobody is dealing with it.")],
    "quality": [("商品质量有问题，要求退货退款。", "Faulty product, I want a refund."),
                ("收到的是次品，太失望了。", "Received a defective item, very disappointed.")],
    "service": [("客服态度差，不回复消息。", "Rude service, messages ignored."),
                ("承诺的赠品没有收到。", "The promised gift never arrived.")],
    "price": [("刚买就降价了，要求补差价。", "Price dropped right after I bought it, refund the difference."),
              ("优惠券无法使用。", "The coupon would not apply.")],
    "return": [("退货申请被拒，理由不合理。", "Return request refused for no good reason."),
               ("退款迟迟不到账。", "My refund still hasn't arrived.")],
}

SURVEY_COMMENTS = {
    "q_product": [("希望商品质量再提高一些。", "Please improve product quality."), ("做工可以更精细。", "Finish could be better.")],
    "q_delivery": [("物流速度有待提高。", "Delivery should be faster."), ("希望能发顺丰。", "Please ship with a faster carrier.")],
    "q_service": [("客服回复再快一点就好了。", "Service could reply faster."), ("售后处理太慢。", "After-sale handling is too slow.")],
    "q_price": [("价格偏贵，希望多些优惠。", "Prices are high, more discounts please."), ("会员优惠力度不够。", "Member discounts are too small.")],
    "q_overall": [("整体不错，继续加油！", "Good overall, keep it up!"), ("很喜欢这家店。", "Love this shop.")],
}

CAMPAIGN_NAMES = {
    "coupon": ("满减优惠券", "Spend-and-save coupon"), "sms": ("老客短信唤醒", "SMS win-back"),
    "live_stream": ("直播专享", "Live-stream special"), "member_day": ("会员日", "Member day"),
}
