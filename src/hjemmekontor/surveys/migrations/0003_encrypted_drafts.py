"""Drafts become ciphertext under a key only the answer link carries.

Plaintext drafts cannot be encrypted here (the server never had the keys), so they
are deleted: whoever was half-way starts that questionnaire again. The freed
pages are then rewritten (VACUUM), so the old plaintext does not linger in the
database file; backups taken before this migration still hold it.
"""

from django.db import migrations, models


def delete_plaintext_drafts(apps, schema_editor):
    apps.get_model("surveys", "Draft").objects.all().delete()


def rewrite_freed_pages(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
        elif connection.vendor == "postgresql":
            # DROP COLUMN and DELETE leave the old tuples in the table's file.
            cursor.execute("VACUUM FULL surveys_draft")


class Migration(migrations.Migration):
    # VACUUM cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("surveys", "0002_round_planned_reminders"),
    ]

    operations = [
        migrations.RunPython(
            delete_plaintext_drafts, migrations.RunPython.noop, atomic=True, elidable=False
        ),
        migrations.RemoveField(model_name="draft", name="answers"),
        migrations.RemoveField(model_name="draft", name="updated_at"),
        migrations.AlterField(
            model_name="draft",
            name="invitation",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="drafts",
                to="surveys.invitation",
            ),
        ),
        migrations.AddField(
            model_name="draft",
            name="key_id",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="draft",
            name="sealed",
            field=models.BinaryField(default=b""),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="draft",
            constraint=models.UniqueConstraint(
                fields=("invitation", "key_id"), name="one_draft_per_link"
            ),
        ),
        migrations.RunPython(rewrite_freed_pages, migrations.RunPython.noop),
    ]
