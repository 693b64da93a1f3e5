from qingfeng.powers.services import template_items_from_file


def test_it_has_three_categories_and_thirty_items_each_complete():
    title, items = template_items_from_file()
    assert title
    assert len({i["category"] for i in items}) >= 3
    assert len(items) >= 30
    assert len({i["code"] for i in items}) == len(items)
    for item in items:
        assert item["steps"], item["code"]
        assert all(s["name"] and s["actor"] and s["limit"] for s in item["steps"]), item["code"]
        assert item["risks"] and all(r["point"] and r["measure"] for r in item["risks"])
        assert all(0 <= r["step"] <= len(item["steps"]) for r in item["risks"]), item["code"]
        assert item["time_limit"] and item["actor"] and item["basis"]


def test_it_covers_the_items_villagers_ask_about():
    _title, items = template_items_from_file()
    names = "".join(i["name"] for i in items)
    for word in (
        "低保",
        "宅基地",
        "工程项目发包",
        "集体资产",
        "印章",
        "临时救助",
        "村务公开",
        "四议两公开",
    ):
        assert word in names, word
    assert sum(i["is_key"] for i in items) >= 3
