from django.db import migrations

TAGS = [
    ("weak", "软弱涣散"),
    ("complex", "社情复杂"),
    ("resource_rich", "资源丰富"),
]


def add_tags(apps, schema_editor):
    RiskTag = apps.get_model("orgs", "RiskTag")
    for slug, name in TAGS:
        RiskTag.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(add_tags, migrations.RunPython.noop)]
