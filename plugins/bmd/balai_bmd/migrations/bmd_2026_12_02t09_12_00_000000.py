"""Data: the shipped kodefikasi (data/kodefikasi.csv) into bmd_kode_barang, once per install."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T09:12:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "kodefikasi permendagri 108/2016"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="bmd", description=DESCRIPTION)

    async def muat():
        from balai_bmd.register import muat_kodefikasi

        await muat_kodefikasi()

    manager.add_raw(muat)
    return manager
