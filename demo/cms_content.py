# ruff: noqa: E501 - prose
"""Texts of the demo page tree. Program facts are from the news articles in the project's
sources, each naming its publisher; producers' stories are illustrative and say so."""

ILLUSTRATIVE = "Cerita contoh untuk demo toko; tokoh dan angka usahanya rekaan."

HOME_EN = {
    "title": "Home",
    "hero_title": "Products of productive migrant villages, straight from their makers",
    "hero_text": (
        "<p>Fish-skin crackers, mango syrup, embroidery, woven cloth and livestock goods from the "
        "families of migrant workers in Desmigratif villages.</p>"
    ),
}

PROGRAM = {
    "slug": "program",
    "title": "Tentang Desmigratif",
    "intro": (
        "Desa Migran Produktif (Desmigratif) adalah program Kementerian Ketenagakerjaan untuk melayani "
        "dan melindungi pekerja migran Indonesia dan keluarganya, mulai dari desa asal mereka."
    ),
    "body": [
        (
            "paragraph",
            "<p>Menteri Ketenagakerjaan M. Hanif Dhakiri mencanangkan program ini di Desa Kenanga, "
            "Kecamatan Sindang, Kabupaten Indramayu. Dua desa menjadi percontohan: Desa Kenanga di "
            "Indramayu dan Desa Kuripan di Wonosobo. Sasarannya calon TKI, TKI purna dan keluarga TKI "
            "(Liputan6, 27 Desember 2016).</p>"
            "<p>Pemerintah menargetkan 500 desa Desmigratif pada 2019 (Bisnis.com, 27 Desember 2016). "
            "Pada 11 September 2017 Menaker meluncurkan program di 120 desa di 60 kabupaten/kota "
            "(Kemnaker, 11 September 2017), dan Kemnaker berencana memfasilitasi 400 desa dalam tiga "
            "tahun, bersama tujuh kementerian yang menandatangani nota kesepahaman (Dinas Kominfo "
            "Kabupaten Pasuruan).</p>",
        ),
        (
            "quote",
            {
                "text": (
                    "Menjadi TKI ke luar negeri adalah hak setiap orang dan menjadi TKI merupakan pilihan. "
                    "Negara hadir untuk melayani dan melindungi TKI sejak pra, hingga kembali ke daerah asal "
                    "harus aman, cepat, mudah dan berbiaya murah."
                ),
                "attribution": "Menaker M. Hanif Dhakiri, dikutip Bisnis.com, 27 Desember 2016",
            },
        ),
        (
            "paragraph",
            "<p>Program ini berdiri di atas empat pilar: pusat layanan migrasi, usaha produktif, "
            "community parenting di Rumah Belajar Desmigratif, dan koperasi usaha (Kemnaker, "
            "11 September 2017).</p>",
        ),
    ],
    "sources": (
        "Liputan6, 27 Desember 2016: pencanangan di Desa Kenanga\n"
        "Bisnis.com, 27 Desember 2016: target 500 desa pada 2019\n"
        "Kemnaker, 11 September 2017: peluncuran 120 desa di 60 kabupaten/kota\n"
        "Dinas Kominfo Kabupaten Pasuruan: 400 desa dalam 3 tahun, MoU tujuh kementerian"
    ),
    "en": {
        "title": "About Desmigratif",
        "intro": (
            "Productive Migrant Villages (Desa Migran Produktif, Desmigratif) is a programme of Indonesia's "
            "Ministry of Manpower to serve and protect migrant workers and their families, starting in "
            "their home villages."
        ),
        "body": [
            (
                "paragraph",
                "<p>Minister of Manpower M. Hanif Dhakiri launched the programme in Desa Kenanga, Sindang "
                "district, Indramayu regency. Two villages were the pilots: Kenanga in Indramayu and Kuripan "
                "in Wonosobo. It serves prospective migrant workers, returned workers and their families "
                "(Liputan6, 27 December 2016).</p>"
                "<p>The government set a target of 500 Desmigratif villages by 2019 (Bisnis.com, 27 December "
                "2016). On 11 September 2017 the minister launched the programme in 120 villages in 60 "
                "regencies and cities (Kemnaker, 11 September 2017), and the ministry planned to support 400 "
                "villages over three years together with seven ministries that signed a memorandum of "
                "understanding (Dinas Kominfo, Pasuruan regency).</p>",
            ),
            (
                "paragraph",
                "<p>The programme has four pillars: a migration service centre, productive enterprises, "
                "community parenting in the Rumah Belajar Desmigratif, and business cooperatives.</p>",
            ),
        ],
    },
}

PILLARS = [
    {
        "slug": "pusat-layanan-migrasi",
        "pillar": 1,
        "title": "Pusat layanan migrasi",
        "intro": "Warga yang hendak bekerja ke luar negeri mendapat informasi dan layanan di balai desa.",
        "body": [
            (
                "paragraph",
                "<p>Orang atau warga desa yang hendak berangkat ke luar negeri mendapatkan pelayanan "
                "informasi di balai desa melalui peran pemerintah desa (Liputan6, 27 Desember 2016).</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Dengan konsep ini, pemerintah desa diharapkan lebih berperan aktif dalam peningkatan "
                        "pelayanan penempatan dan perlindungan calon TKI/TKI."
                    ),
                    "attribution": "Menaker M. Hanif Dhakiri, dikutip Kemnaker, 11 September 2017",
                },
            ),
        ],
        "sources": "Liputan6, 27 Desember 2016\nKemnaker, 11 September 2017",
        "en": {
            "title": "Migration service centre",
            "intro": "Villagers who want to work abroad get information and services at the village hall.",
            "body": [
                (
                    "paragraph",
                    "<p>Villagers planning to work abroad get information services at the village hall, "
                    "run by the village government (Liputan6, 27 December 2016). The minister expected "
                    "village governments to take an active part in placing and protecting migrant workers "
                    "(Kemnaker, 11 September 2017).</p>",
                )
            ],
        },
    },
    {
        "slug": "usaha-produktif",
        "pillar": 2,
        "title": "Usaha produktif",
        "intro": "Pelatihan, pendampingan, bantuan sarana dan pemasaran bagi keluarga pekerja migran.",
        "body": [
            (
                "paragraph",
                "<p>Kegiatan ini membantu pasangan TKI yang bekerja di luar negeri agar memiliki keterampilan "
                "dan kemauan membangun usaha produktif (Bisnis.com, 27 Desember 2016). Isinya pelatihan "
                "dan pendampingan usaha, bantuan sarana produktif hingga pemasaran. Saat pencanangan, "
                "Menaker melihat produk olahan keluarga TKI seperti kerupuk kulit ikan, bakso dan sirup "
                "mangga (Liputan6, 27 Desember 2016).</p>"
                "<p>Pelatihan wirausaha di kantong-kantong TKI meliputi budidaya ayam, sapi dan kambing, "
                "usaha konveksi, menjahit dan bordir, tata rias pengantin, tata boga, bengkel motor, sablon "
                "dan percetakan, pengelasan, serta konstruksi skala kecil (Aktual.com).</p>",
            ),
        ],
        "sources": "Bisnis.com, 27 Desember 2016\nLiputan6, 27 Desember 2016\nAktual.com",
        "en": {
            "title": "Productive enterprises",
            "intro": "Training, mentoring, equipment and marketing for migrant workers' families.",
            "body": [
                (
                    "paragraph",
                    "<p>This pillar helps the spouses of workers abroad gain the skills and will to build "
                    "productive businesses (Bisnis.com, 27 December 2016): training, mentoring, equipment "
                    "and marketing. At the launch the minister saw fish-skin crackers, meatballs and mango "
                    "syrup made by migrant workers' families (Liputan6, 27 December 2016). Entrepreneurship "
                    "training covers poultry, cattle and goats, garment making, sewing and embroidery, among "
                    "others (Aktual.com).</p>",
                )
            ],
        },
    },
    {
        "slug": "rumah-belajar",
        "pillar": 3,
        "title": "Community parenting di Rumah Belajar",
        "intro": "Anak-anak pekerja migran diasuh bersama oleh masyarakat di Rumah Belajar Desmigratif.",
        "body": [
            (
                "paragraph",
                "<p>Anak-anak TKI diasuh bersama-sama oleh masyarakat dalam suatu pusat belajar-mengajar "
                "(Bisnis.com, 27 Desember 2016). Orang tua dan pasangan TKI yang tinggal di rumah mendapat "
                "pelatihan tentang membesarkan dan merawat anak; Rumah Belajar Desmigratif juga menjadi "
                "tempat pelatihan masyarakat dan pemasaran produk secara online (Liputan6, 27 Desember "
                "2016). Nota kesepahaman tujuh kementerian memadukan pendidikan kepramukaan dengan "
                "community parenting (Dinas Kominfo Kabupaten Pasuruan).</p>",
            ),
        ],
        "sources": "Bisnis.com, 27 Desember 2016\nLiputan6, 27 Desember 2016\nDinas Kominfo Kabupaten Pasuruan",
        "en": {
            "title": "Community parenting in the Rumah Belajar",
            "intro": "Migrant workers' children are cared for together by the community in a learning house.",
            "body": [
                (
                    "paragraph",
                    "<p>Migrant workers' children are raised together by the community in a learning centre "
                    "(Bisnis.com, 27 December 2016). Parents and spouses who stay home are trained in "
                    "raising children, and the Rumah Belajar Desmigratif also hosts community training and "
                    "online marketing of products (Liputan6, 27 December 2016).</p>",
                )
            ],
        },
    },
    {
        "slug": "koperasi",
        "pillar": 4,
        "title": "Koperasi usaha",
        "intro": "Koperasi memperkuat usaha produktif jangka panjang, termasuk tabungan dan investasi.",
        "body": [
            (
                "paragraph",
                "<p>Penguatan usaha produktif untuk jangka panjang dilakukan dalam bentuk koperasi usaha. "
                "Koperasi TKI yang kuat bisa menjadi fasilitator pengembangan usaha produktif di masyarakat "
                "ataupun kepentingan lain seperti tabungan dan investasi (Bisnis.com, 27 Desember 2016). "
                "Program memfasilitasi pembentukan dan pengembangan koperasi atau lembaga keuangan "
                "(Kemnaker, 11 September 2017).</p>",
            ),
        ],
        "sources": "Bisnis.com, 27 Desember 2016\nKemnaker, 11 September 2017",
        "en": {
            "title": "Business cooperatives",
            "intro": "Cooperatives make productive enterprises last, including savings and investment.",
            "body": [
                (
                    "paragraph",
                    "<p>Productive enterprises are strengthened for the long term through business "
                    "cooperatives, which can also serve savings and investment (Bisnis.com, 27 December "
                    "2016). The programme supports founding and growing cooperatives and financial "
                    "institutions (Kemnaker, 11 September 2017).</p>",
                )
            ],
        },
    },
]

VILLAGE_STORIES = {
    "3212160010": (
        "<p>Di Desa Kenanga program Desmigratif dicanangkan. Saat itu Menaker melihat Rumah Belajar "
        "Desmigratif, tempat pelatihan masyarakat dan pemasaran produk secara online, serta hasil olahan "
        "keluarga TKI: kerupuk kulit ikan, bakso dan sirup mangga (Liputan6, 27 Desember 2016).</p>"
    ),
    "3307100004": (
        "<p>Desa Kuripan di Wonosobo menjadi desa percontohan Desmigratif bersama Desa Kenanga "
        "(Bisnis.com, 27 Desember 2016); uji coba program di dua wilayah itu berjalan sejak 2016 "
        "(Kemnaker, 11 September 2017).</p>"
    ),
}

# slug, title, seller slugs, product titles, tags, paragraphs, quote
STORIES = [
    (
        "kerupuk-kulit-ikan-bu-warsini",
        "Dari kulit ikan sisa menjadi kerupuk yang dipesan dari kota",
        ["dapur-bu-warsini"],
        ["Kerupuk Kulit Ikan Original 250 g", "Kerupuk Kulit Ikan Pedas 250 g"],
        ["pangan", "usaha produktif"],
        "Bu Warsini belajar mengolah kulit ikan di Rumah Belajar Desmigratif selama suaminya bekerja di luar negeri.",
        "Dulu kulit ikan dibuang. Sekarang setiap Sabtu kami menggoreng untuk pesanan.",
    ),
    (
        "sirup-mangga-dermayu",
        "Sirup mangga gedong gincu yang bertahan setahun",
        ["sirup-mangga-dermayu"],
        ["Sirup Mangga Gedong Gincu 600 ml"],
        ["pangan", "kemasan"],
        "Kelompok ini belajar pasteurisasi dan label yang benar agar sirupnya awet dan bisa dikirim jauh.",
        "Label yang rapi membuat pembeli percaya.",
    ),
    (
        "bordir-waled-pesanan-pertama",
        "Bordir Waled menerima pesanan seragam pertama",
        ["bordir-waled"],
        ["Kerudung Bordir Tangan Motif Mega Mendung", "Mukena Bordir Cirebon"],
        ["kerajinan", "menjahit dan bordir"],
        "Ibu-ibu purna TKI di Waled menggabungkan mesin jahit mereka dalam satu kelompok usaha bersama.",
        "Kami tidak perlu berangkat lagi untuk mendapat penghasilan.",
    ),
    (
        "susu-kambing-tugurejo",
        "Susu kambing etawa dari kandang bersama",
        ["ternak-tugurejo"],
        ["Susu Kambing Etawa Bubuk 200 g"],
        ["ternak"],
        "Kandang bersama dan jadwal piket membuat susu kambing Tugurejo bisa dikemas setiap hari.",
        "Pakan dibeli bersama, jadi lebih murah.",
    ),
    (
        "koperasi-kenanga-sejahtera",
        "Koperasi yang menyimpan kiriman uang dan menjual kerupuk",
        ["dapur-bu-warsini", "bakso-kenanga-mandiri"],
        ["Bakso Ikan Tenggiri Beku 500 g"],
        ["koperasi"],
        "Anggota koperasi di Kenanga menabung sebagian kiriman uang dan memakai modal bersama untuk usaha.",
        "Tabungan anggota menjadi modal freezer untuk bakso.",
    ),
    (
        "tenun-ikat-noepesu",
        "Tenun ikat Noepesu sampai ke pembeli di Jawa",
        ["tenun-noepesu"],
        ["Kain Tenun Ikat Timor"],
        ["kerajinan", "berjualan daring"],
        "Penenun Noepesu belajar memotret kain dan menulis deskripsi produk untuk toko daring.",
        "Foto yang terang membuat motif terlihat jelas.",
    ),
]

# slug, title, topic, badge, intro, lessons [(slug, title, minutes, paragraphs)]
COURSES = [
    (
        "kemasan-dan-label",
        "Kemasan dan label produk pangan",
        "packaging",
        "Kemasan Rapi",
        "Memilih kemasan yang aman dan menulis label yang diwajibkan untuk pangan olahan rumah tangga.",
        [
            (
                "memilih-kemasan",
                "Memilih kemasan",
                15,
                "Plastik tebal, standing pouch atau toples: sesuaikan dengan daya tahan produk.",
            ),
            (
                "isi-label",
                "Isi label pangan",
                20,
                "Nama produk, berat bersih, komposisi, nama dan alamat produsen, nomor izin, tanggal kedaluwarsa.",
            ),
        ],
    ),
    (
        "izin-pirt-dan-halal",
        "Izin PIRT dan sertifikat halal",
        "permits",
        "Izin Lengkap",
        "Langkah mendaftarkan pangan olahan rumah tangga (PIRT) dan sertifikasi halal.",
        [
            (
                "syarat-pirt",
                "Syarat PIRT",
                20,
                "Siapkan data usaha, foto tempat produksi dan ikuti penyuluhan keamanan pangan.",
            ),
            (
                "sertifikat-halal",
                "Sertifikat halal",
                20,
                "Catat bahan dan pemasoknya; bahan yang jelas asalnya memudahkan pemeriksaan.",
            ),
            (
                "nomor-di-label",
                "Mencantumkan nomor izin",
                10,
                "Nomor PIRT dan logo halal dicetak di label, dan diisi di halaman produk toko.",
            ),
        ],
    ),
    (
        "pembukuan-koperasi",
        "Pembukuan sederhana untuk koperasi",
        "bookkeeping",
        "Pembukuan Tertib",
        "Mencatat kas, simpanan anggota dan penjualan agar koperasi bisa mempertanggungjawabkan uang anggota.",
        [
            (
                "buku-kas",
                "Buku kas harian",
                15,
                "Setiap uang masuk dan keluar dicatat hari itu juga, dengan buktinya.",
            ),
            (
                "simpanan-anggota",
                "Simpanan anggota",
                15,
                "Pisahkan simpanan pokok, wajib dan sukarela untuk setiap anggota.",
            ),
        ],
    ),
]
