from django.db import migrations, models


def record_todays_tree(apps, schema_editor):
    # The tree older snapshots were computed under was not stored; the tree at the
    # upgrade is the best guess, and a reorganisation after it is then seen as one.
    unit_model = apps.get_model("organisation", "Unit")
    snapshot_model = apps.get_model("organisation", "AggregateSnapshot")
    units = dict(unit_model.objects.values_list("pk", "parent_id"))
    parents = {str(pk): (str(parent) if parent in units else None) for pk, parent in units.items()}
    snapshot_model.objects.filter(number__gt=0).update(parents=parents)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0003_aggregate_snapshots"),
    ]

    operations = [
        migrations.AddField(
            model_name="aggregatesnapshot",
            name="parents",
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(record_todays_tree, migrations.RunPython.noop),
    ]
