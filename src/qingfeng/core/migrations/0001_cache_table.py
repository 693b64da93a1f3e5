"""The database cache's table (core/cacheconf.py), made by `migrate` like every other table,
whichever cache the settings name (so switching QINGFENG_CACHE_URL back needs no step)."""

from django.core.management.commands.createcachetable import Command
from django.db import migrations

from qingfeng.core.cacheconf import TABLE


def create_cache_table(apps, schema_editor):
    command = Command()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
