"""What each impact figure means: the one source of the texts.

The dashboard's notes, the XLSX export's "Definisi" sheet and the README's table
(``python -m impact.definitions``, checked by tests/impact/test_definitions.py) are all
drawn from here, so a definition is never written twice. Texts are Indonesian, with the
English in locale/en/LC_MESSAGES/django.po (the README prints the English).

The figures are grouped by the programme's four pillars (the same names as
cms.ProgramPage.Pillar); a pillar the shop keeps no records of says so here rather than
show a figure it cannot know.
"""

import sys
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MIGRATION_SERVICES, PRODUCTIVE_ENTERPRISE, COMMUNITY_PARENTING, COOPERATIVES = 1, 2, 3, 4
PILLARS = {
    MIGRATION_SERVICES: _("Pusat layanan migrasi"),
    PRODUCTIVE_ENTERPRISE: _("Usaha produktif"),
    COMMUNITY_PARENTING: _("Community parenting di Rumah Belajar"),
    COOPERATIVES: _("Koperasi usaha"),
}


@dataclass(frozen=True)
class Figure:
    key: str  # attribute of impact.selectors.Figures / CountryFigures
    column: str  # CSV column: fixed, whatever the reader's language
    label: Promise  # heading on the dashboard and in the XLSX
    pillar: int
    definition: Promise
    rupiah: bool = False


# Per village, summed up to kabupaten and province (every one adds up: each producer and each
# cooperative belongs to one village).
VILLAGE_FIGURES = (
    Figure(
        "producers",
        "produsen",
        _("Produsen disetujui"),
        PRODUCTIVE_ENTERPRISE,
        _(
            "Produsen (usaha keluarga, kelompok atau koperasi) berstatus disetujui, yang disetujui "
            "sebelum akhir periode, menurut desa tempat usahanya."
        ),
    ),
    Figure(
        "active_producers",
        "produsen_aktif",
        _("Produsen aktif"),
        PRODUCTIVE_ENTERPRISE,
        _(
            "Produsen yang punya setidaknya satu pesanan terjual dalam periode: dipesan dalam periode "
            "dan sudah dibayar, tidak dibatalkan atau dikembalikan."
        ),
    ),
    Figure(
        "families",
        "keluarga_terjangkau",
        _("Keluarga terjangkau"),
        PRODUCTIVE_ENTERPRISE,
        _(
            "Produsen yang menerima pendapatan lebih dari nol dalam periode menurut buku besar. Toko "
            "mencatat produsen, bukan rumah tangga: satu kelompok atau koperasi dihitung satu."
        ),
    ),
    Figure(
        "products",
        "produk",
        _("Produk"),
        PRODUCTIVE_ENTERPRISE,
        _("Produk tampil di toko dari produsen yang disetujui, didaftarkan sebelum akhir periode."),
    ),
    Figure(
        "orders",
        "pesanan",
        _("Pesanan"),
        PRODUCTIVE_ENTERPRISE,
        _(
            "Bagian produsen dari pesanan pembeli (satu pesanan ke dua produsen dihitung dua), dipesan "
            "dalam periode (WIB) dan sudah dibayar, tidak dibatalkan atau dikembalikan."
        ),
    ),
    Figure(
        "units",
        "unit_terjual",
        _("Unit terjual"),
        PRODUCTIVE_ENTERPRISE,
        _("Jumlah barang pada pesanan produsen yang dihitung di atas (kuantitas baris pesanannya)."),
    ),
    Figure(
        "rupiah",
        "rupiah",
        _("Rupiah terjual"),
        PRODUCTIVE_ENTERPRISE,
        _(
            "Harga barang (termasuk pajak, setelah potongan harga) pada pesanan produsen tersebut, "
            "tanpa ongkos kirim, sebelum komisi."
        ),
        rupiah=True,
    ),
    Figure(
        "income",
        "pendapatan_produsen",
        _("Pendapatan produsen"),
        PRODUCTIVE_ENTERPRISE,
        _(
            "Jumlah entri buku besar produsen bertanggal dalam periode: penjualan (barang dan ongkos "
            "kirim) dikurangi komisi program, dikurangi pengembalian dana, ditambah komisi yang "
            "dibatalkan. Dibaca dari buku besar, tidak dihitung ulang dari harga; termasuk dana yang "
            "masih ditahan sampai pesanan diterima."
        ),
        rupiah=True,
    ),
    Figure(
        "payouts",
        "pencairan",
        _("Pencairan"),
        PRODUCTIVE_ENTERPRISE,
        _("Uang yang ditransfer staf ke rekening produsen dalam periode (entri pencairan buku besar)."),
        rupiah=True,
    ),
    Figure(
        "courses_completed",
        "pelatihan_tamat",
        _("Pelatihan tamat"),
        PRODUCTIVE_ENTERPRISE,
        _(
            "Pelatihan daring di toko yang ditamatkan produsen dalam periode (semua pelajarannya "
            "selesai); setiap pelatihan tamat memberi satu lencana. Pelatihan tatap muka tidak tercatat."
        ),
    ),
    Figure(
        "trained_producers",
        "produsen_berlencana",
        _("Produsen mendapat lencana"),
        PRODUCTIVE_ENTERPRISE,
        _("Produsen yang menamatkan setidaknya satu pelatihan daring dalam periode."),
    ),
    Figure(
        "cooperatives",
        "koperasi_aktif",
        _("Koperasi aktif"),
        COOPERATIVES,
        _(
            "Koperasi atau BUMDes yang setidaknya satu anggotanya punya pesanan terjual dalam periode, "
            "menurut desa koperasi."
        ),
    ),
)

# Per country of work abroad (one table, not per village: an order may reach several villages).
COUNTRY_FIGURES = (
    Figure(
        "buyers",
        "pembeli",
        _("Pembeli"),
        MIGRATION_SERVICES,
        _(
            "Pembeli berbeda (akun, atau e-mail untuk tamu) dengan pesanan terjual dalam periode, menurut "
            "negara kerja yang tercatat pada pesanan saat dipesan (pilihan pembeli, atau tebakan dari "
            "bahasa dan zona waktu perangkat)."
        ),
    ),
    Figure(
        "orders",
        "pesanan",
        _("Pesanan"),
        MIGRATION_SERVICES,
        _("Pesanan pembeli dari negara kerja itu dengan setidaknya satu bagian produsen terjual."),
    ),
    Figure(
        "rupiah",
        "rupiah",
        _("Rupiah terjual"),
        MIGRATION_SERVICES,
        _("Harga barang pesanan tersebut yang terjual, dihitung seperti tabel desa."),
        rupiah=True,
    ),
    Figure(
        "family_orders",
        "dikirim_ke_keluarga",
        _("Dikirim ke keluarga"),
        MIGRATION_SERVICES,
        _("Dari pesanan itu, yang dikirim ke keluarga di rumah (Kirim ke keluarga)."),
    ),
)

# What the shop does not record, said once rather than shown as a figure it cannot know.
NOT_RECORDED = {
    MIGRATION_SERVICES: _(
        "Layanan migrasi (informasi kerja, dokumen, pendampingan) tidak dicatat toko; yang dicatat "
        "hanya pembeli yang bekerja di luar negeri."
    ),
    COMMUNITY_PARENTING: _(
        "Toko tidak mencatat kegiatan community parenting (pengasuhan anak pekerja migran di Rumah "
        "Belajar), jadi tidak ada angkanya di sini."
    ),
}


def definition_rows():
    """(pillar, figure name, definition) for every figure and every pillar not recorded, in pillar order."""
    figures = [(figure.pillar, figure.label, figure.definition) for figure in VILLAGE_FIGURES]
    figures += [(figure.pillar, figure.label, figure.definition) for figure in COUNTRY_FIGURES]
    missing = [(pillar, _("Tidak tercatat"), text) for pillar, text in NOT_RECORDED.items()]
    return sorted(figures + missing, key=lambda row: row[0])


def markdown_table(language: str = "en") -> str:
    """The README's table of definitions, in ``language``."""
    from django.utils import translation

    with translation.override(language):
        lines = ["| pillar | figure | definition |", "| --- | --- | --- |"]
        lines += [f"| {PILLARS[pillar]} | {label} | {text} |" for pillar, label, text in definition_rows()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m impact.definitions (with Django set up): the README's table
    import django

    django.setup()
    sys.stdout.write(markdown_table(sys.argv[1] if len(sys.argv) > 1 else "en"))
