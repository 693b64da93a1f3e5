"""Word lists for synthetic names: Faker's zh_CN lists plus Uyghur name parts."""

from __future__ import annotations

from faker.providers.person.zh_CN import Provider

SURNAMES: list[tuple[str, float]] = list(Provider.last_names.items())
GIVEN_MALE: list[str] = list(Provider.first_names_male)
GIVEN_FEMALE: list[str] = list(Provider.first_names_female)
CHARS_MALE: list[str] = sorted({c for n in GIVEN_MALE for c in n})
CHARS_FEMALE: list[str] = sorted({c for n in GIVEN_FEMALE for c in n})

UYGHUR_MALE = [
    "买买提",
    "艾力",
    "吐尔逊",
    "阿不都热合曼",
    "艾合买提",
    "热合曼",
    "亚森",
    "库尔班",
    "努尔买买提",
    "阿卜杜拉",
    "伊力哈木",
    "塔依尔",
    "肉孜",
    "吾守尔",
    "阿布力孜",
    "麦麦提敏",
]
UYGHUR_FEMALE = [
    "古丽",
    "阿依古丽",
    "热依拉",
    "帕提古丽",
    "迪丽娜尔",
    "努尔古丽",
    "阿依努尔",
    "米日古丽",
    "热孜宛古丽",
    "再努尔",
    "布阿依谢姆",
    "祖丽菲亚",
]
# the middle dot as people type it: the right one, look-alikes, or nothing
DOT_VARIANTS = ["•", ".", "・", "‧", ""]

COMPANY_WORDS_A = list("鑫华宏泰安盛兴达永福恒利顺昌瑞丰祥和嘉信诚新天益康广源金博")
COMPANY_WORDS_B = list("建通远东明辉荣隆发众合旺宝成晟峰茂佳星洲润伟力锦达豪越美誉腾飞")
COMPANY_KINDS = [
    "建筑工程有限公司",
    "建设有限公司",
    "土石方工程队",
    "园林绿化有限公司",
    "水利工程有限公司",
    "装饰工程有限公司",
    "劳务有限公司",
    "市政工程有限公司",
]
PROGRAMS = {
    # name: (pay day of month, standard in the first year, yearly rise)
    "城乡居民基础养老金": (5, 180, 10),
    "低保金": (10, 800, 50),
    "特困供养金": (10, 1040, 65),
    "高龄津贴": (15, 100, 0),
    "困难残疾人生活补贴": (20, 90, 5),
    "重度残疾人护理补贴": (20, 90, 5),
}
