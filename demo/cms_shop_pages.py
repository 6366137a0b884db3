# ruff: noqa: E501 - prose
"""The shop's own pages (cms.ShopInfoPage) as the demo fills them: how to buy, the terms, the
privacy notice and contact, in Indonesian with English translations.

They describe the shop as the code runs it: bank transfer with a unique code and a deadline
(settings.BANK_TRANSFER_HOURS), card payments when Stripe is on, delivery or pickup per
producer, one status per producer's parcel, erasure as privacy.services does it. The privacy
notice follows Indonesia's personal-data law (UU No. 27 Tahun 2022 tentang Pelindungan Data
Pribadi) in plain words. Contact details are the demo's; editors change them in /cms/.
"""

CONTACT_EMAIL = "bantuan@pasardesmigratif.id"
PRIVACY_EMAIL = "privasi@pasardesmigratif.id"
OPERATOR = "Koperasi Pasar Desmigratif"

HOW_TO_BUY = {
    "purpose": "how-to-buy",
    "slug": "cara-belanja",
    "title": "Cara belanja",
    "intro": "Belanja langsung dari produsen di Desa Migran Produktif: pilih produk, tulis alamat, pilih pengiriman, lalu bayar. Tanpa perlu membuat akun.",
    "body": [
        (
            "paragraph",
            "<h2>1. Pilih produk</h2>"
            "<p>Cari lewat kotak pencarian atau telusuri kategori, desa dan produsen. Setiap produk menyebut desa dan kabupaten asalnya serta izin edarnya (P-IRT, halal) bila ada. Tekan <b>Masukkan ke keranjang</b>; Anda boleh membeli dari beberapa produsen sekaligus dalam satu pesanan.</p>"
            "<h2>2. Checkout</h2>"
            "<p>Di keranjang tekan <b>Lanjut ke pembayaran</b>. Anda bisa belanja sebagai tamu cukup dengan alamat e-mail, atau masuk ke akun Anda. Pembeli yang masuk akun bisa memakai lagi alamat yang pernah dipakai (<b>Kirim ke alamat ini</b>).</p>"
            "<h2>3. Alamat dan pengiriman</h2>"
            "<p>Tulis nama penerima, nomor HP untuk kurir, alamat jalan, lalu pilih provinsi, kabupaten/kota, kecamatan dan desa/kelurahan dari daftar resmi Kemendagri. Setiap produsen mengirim paketnya sendiri, jadi ongkos kirim dihitung per produsen menurut provinsi tujuan dan ditampilkan sebelum Anda membayar. Sebagian produsen juga menawarkan <b>ambil sendiri</b> di desa tanpa ongkos kirim. Perkiraan waktu kirim tertulis di setiap produsen; produk pesanan khusus (dibuat setelah dipesan) butuh waktu lebih lama.</p>"
            "<h2>4. Pembayaran</h2>"
            "<ul><li><b>Transfer bank</b> ke rekening Koperasi Pasar Desmigratif. Jumlah yang harus ditransfer memuat <b>kode unik</b> (tambahan Rp 1 sampai Rp 999) agar transfer Anda dikenali; transfer tepat sejumlah itu. Batas waktunya 24 jam: pesanan yang belum dibayar setelah itu dibatalkan otomatis dan stoknya dikembalikan. Staf mengecek transfer, biasanya dalam 1x24 jam.</li>"
            "<li><b>Kartu kredit/debit</b> (Visa, Mastercard, JCB) bila ditawarkan di checkout, diproses oleh Stripe; pesanan langsung lunas.</li></ul>"
            "<p>Uang Anda diterima koperasi dan baru diteruskan ke produsen setelah paket sampai.</p>"
            "<h2>5. Mengikuti pesanan</h2>"
            "<p>Setelah memesan Anda mendapat e-mail berisi tautan ke halaman pesanan. Di sana terlihat cara bayar dan status setiap produsen: <i>Menunggu pembayaran</i>, <i>Dibayar</i>, <i>Dikemas</i>, <i>Dikirim</i> (dengan nomor resi) dan <i>Diterima</i>. Simpan e-mail itu: tautannya rahasia dan hanya untuk Anda.</p>"
            "<h2>6. Bila ada masalah</h2>"
            "<p>Barang rusak, kurang atau tidak sesuai? Hubungi kami paling lambat 2 x 24 jam setelah paket diterima, sertakan nomor pesanan dan foto atau video saat membuka paket. Pengembalian dana dan pembatalan diatur di halaman Syarat dan ketentuan.</p>",
        ),
    ],
    "en": {
        "title": "How to buy",
        "intro": "Buy straight from producers in Productive Migrant Villages: pick products, give an address, choose delivery, then pay. No account needed.",
        "body": [
            (
                "paragraph",
                "<h2>1. Pick products</h2>"
                "<p>Search, or browse by category, village and producer. Every product names its village and regency and its food permits (P-IRT, halal) where it has them. Press <b>Add to basket</b>; one order may hold goods from several producers.</p>"
                "<h2>2. Checkout</h2>"
                "<p>From the basket press <b>Proceed to checkout</b>. Buy as a guest with just an e-mail address, or sign in. Signed-in buyers can deliver to an address they used before (<b>Ship to this address</b>).</p>"
                "<h2>3. Address and delivery</h2>"
                "<p>Give the recipient's name, a mobile number for the courier and the street, then choose the province, regency or city, district and village from the official list. Each producer sends their own parcel, so delivery is charged per producer by destination province and shown before you pay. Some producers also offer <b>pickup</b> in the village at no charge. Each producer shows how soon they dispatch; made-to-order goods take longer.</p>"
                "<h2>4. Payment</h2>"
                "<ul><li><b>Bank transfer</b> to the account of Koperasi Pasar Desmigratif. The amount to transfer includes a <b>unique code</b> (Rp 1 to Rp 999 extra) so your transfer is recognised: transfer exactly that amount. You have 24 hours; an order still unpaid after that is cancelled and its stock released. Staff check transfers, usually within a day.</li>"
                "<li><b>Credit or debit card</b> (Visa, Mastercard, JCB) where the checkout offers it, processed by Stripe; the order is paid at once.</li></ul>"
                "<p>The cooperative holds your money and passes it to the producer only after the parcel has arrived.</p>"
                "<h2>5. Following your order</h2>"
                "<p>After ordering you get an e-mail with a link to your order page. It shows how to pay and each producer's status: <i>Awaiting payment</i>, <i>Paid</i>, <i>Packed</i>, <i>Shipped</i> (with the tracking number) and <i>Delivered</i>. Keep the e-mail: the link is secret and yours alone.</p>"
                "<h2>6. If something is wrong</h2>"
                "<p>Damaged, missing or wrong goods? Contact us within 2 x 24 hours of receiving the parcel, with the order number and a photo or video of opening it. Refunds and cancellations are set out in the Terms and conditions.</p>",
            ),
        ],
    },
}

TERMS = {
    "purpose": "terms",
    "slug": "syarat-dan-ketentuan",
    "title": "Syarat dan ketentuan",
    "intro": "Aturan berbelanja dan berjualan di Pasar Desmigratif. Dengan membuat pesanan atau mendaftar sebagai produsen, Anda menyetujui syarat ini.",
    "body": [
        (
            "paragraph",
            f"<h2>Tentang Pasar Desmigratif</h2><p>Pasar Desmigratif adalah pasar daring untuk produk keluarga pekerja migran di Desa Migran Produktif (Desmigratif), dikelola oleh {OPERATOR}. Penjualnya adalah para produsen desa yang terdaftar dan disetujui; setiap produsen bertanggung jawab atas produknya, keterangannya, izin edarnya (P-IRT, halal, BPOM bila wajib) dan pengirimannya. Koperasi menerima pembayaran pembeli, meneruskannya ke produsen setelah barang sampai, dan membantu bila ada masalah.</p>"
            "<h2>Harga dan pesanan</h2><p>Harga dalam Rupiah dan sudah termasuk semua biaya produk; ongkos kirim dihitung per produsen dan ditampilkan sebelum pesanan dibuat. Pesanan terbentuk ketika Anda menekan <b>Buat pesanan</b>; stok disisihkan untuk Anda sejak saat itu. Kami bisa menolak atau membatalkan pesanan bila produk ternyata tidak tersedia, harga jelas salah tulis, atau ada dugaan penipuan; uang yang sudah dibayar dikembalikan penuh.</p>"
            "<h2>Pembayaran</h2><p>Transfer bank harus sejumlah yang tertera, termasuk kode unik, dalam 24 jam. Pesanan yang belum dibayar setelah batas waktu dibatalkan otomatis. Pembayaran kartu diproses oleh Stripe; kami tidak menyimpan nomor kartu Anda.</p>"
            "<h2>Pengiriman</h2><p>Setiap produsen mengirim paketnya sendiri dalam perkiraan waktu yang tertulis saat checkout. Bila produsen tidak mengirim dalam waktu itu tanpa kabar, Anda boleh membatalkan bagian pesanan dari produsen tersebut dan uangnya dikembalikan.</p>"
            "<h2>Keluhan, pengembalian barang dan dana</h2><p>Sampaikan keluhan paling lambat 2 x 24 jam setelah paket diterima, dengan nomor pesanan dan foto atau video saat membuka paket. Untuk barang rusak, kurang atau tidak sesuai, kami mengembalikan dana bagian yang bermasalah (atau produsen mengirim ganti bila Anda mau). Produk pangan yang sudah dibuka dan produk pesanan khusus tidak bisa dikembalikan kecuali rusak atau tidak sesuai. Dana kembali lewat cara bayar semula: ke kartu untuk pembayaran kartu, atau transfer ke rekening yang Anda sebutkan untuk transfer bank, biasanya dalam 7 hari kerja.</p>"
            "<h2>Kewajiban produsen</h2><p>Produsen menjual barang buatan sendiri atau kelompoknya, menulis keterangan yang benar, memegang izin yang wajib, mengemas dengan layak, mengirim tepat waktu dan menanggapi keluhan. Atas setiap penjualan yang sampai ke pembeli, koperasi memotong komisi program sesuai perjanjian pendaftaran; sisanya dibayarkan ke rekening produsen. Produsen yang melanggar bisa ditangguhkan.</p>"
            "<h2>Hukum yang berlaku</h2><p>Syarat ini tunduk pada hukum Republik Indonesia, termasuk UU No. 8 Tahun 1999 tentang Perlindungan Konsumen. Perselisihan diselesaikan dulu secara musyawarah; bila tidak berhasil, Anda dapat menempuh Badan Penyelesaian Sengketa Konsumen (BPSK) atau pengadilan negeri.</p>",
        ),
    ],
    "en": {
        "title": "Terms and conditions",
        "intro": "The rules for buying and selling on Pasar Desmigratif. Placing an order or applying as a producer means you accept them.",
        "body": [
            (
                "paragraph",
                f"<h2>About Pasar Desmigratif</h2><p>Pasar Desmigratif is an online market for goods made by migrant workers' families in Productive Migrant Villages (Desmigratif), run by {OPERATOR}. The sellers are registered, approved village producers; each is responsible for their products, descriptions, permits (P-IRT, halal, BPOM where required) and delivery. The cooperative takes buyers' payments, passes them to producers after the goods arrive, and helps when something goes wrong.</p>"
                "<h2>Prices and orders</h2><p>Prices are in Rupiah and include everything for the product; delivery is charged per producer and shown before you order. An order is made when you press <b>Place order</b>; its stock is set aside for you from then on. We may refuse or cancel an order when a product turns out to be unavailable, a price is plainly wrong, or fraud is suspected; anything paid is refunded in full.</p>"
                "<h2>Payment</h2><p>A bank transfer must be for the amount shown, unique code included, within 24 hours. Orders unpaid by the deadline are cancelled automatically. Card payments are processed by Stripe; we never store your card number.</p>"
                "<h2>Delivery</h2><p>Each producer sends their own parcel within the time shown at checkout. If a producer does not ship within that time and says nothing, you may cancel that producer's part of the order and get your money back.</p>"
                "<h2>Complaints, returns and refunds</h2><p>Tell us within 2 x 24 hours of receiving the parcel, with the order number and a photo or video of opening it. For damaged, missing or wrong goods we refund the affected part (or the producer sends a replacement if you prefer). Opened food and made-to-order goods cannot be returned unless damaged or not as described. Money goes back the way you paid: to the card for card payments, or by transfer to the account you name for bank transfers, usually within 7 working days.</p>"
                "<h2>Producers' obligations</h2><p>Producers sell what they or their group make, describe it truthfully, hold the permits required, pack properly, ship on time and answer complaints. On each sale that reaches the buyer the cooperative keeps the programme's commission as agreed at sign-up and pays the rest to the producer's bank account. Producers who break these rules may be suspended.</p>"
                "<h2>Governing law</h2><p>These terms are governed by the law of the Republic of Indonesia, including Law No. 8 of 1999 on Consumer Protection. Disputes are first settled by discussion; failing that, you may go to the Consumer Dispute Settlement Body (BPSK) or the district court.</p>",
            ),
        ],
    },
}

PRIVACY = {
    "purpose": "privacy",
    "slug": "kebijakan-privasi",
    "title": "Kebijakan privasi",
    "intro": "Data pribadi apa yang kami kumpulkan, untuk apa, siapa yang melihatnya, berapa lama disimpan, dan hak Anda menurut UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi (UU PDP).",
    "body": [
        (
            "paragraph",
            f'<h2>Siapa yang mengelola data Anda</h2><p>{OPERATOR} adalah pengendali data pribadi untuk Pasar Desmigratif. Pertanyaan dan permintaan tentang data Anda: <a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a>.</p>'
            "<h2>Data yang kami kumpulkan</h2><ul>"
            "<li><b>Pembeli</b>: nama penerima, nomor HP, alamat pengiriman (sampai desa/kelurahan), alamat e-mail, isi pesanan dan pembayarannya; bila dana dikembalikan lewat transfer, nomor rekening tujuan. Pembeli yang membuat akun: kata sandi (tersimpan teracak, tidak bisa kami baca) dan buku alamat.</li>"
            "<li><b>Produsen</b>: nama usaha dan pemiliknya, desa, nomor WhatsApp, rekening bank untuk pembayaran, foto dan keterangan produk, izin usaha.</li>"
            "<li><b>Teknis</b>: cookie yang diperlukan agar toko berjalan (sesi, keranjang, pilihan bahasa, pengaman formulir) dan alamat IP untuk membatasi percobaan masuk yang mencurigakan. Kami tidak memakai cookie iklan atau pelacak pihak ketiga.</li></ul>"
            "<h2>Untuk apa dan atas dasar apa</h2><p>Data dipakai untuk menjalankan perjanjian jual beli dengan Anda (memproses pesanan, mengirim paket, menerima dan mengembalikan pembayaran, menjawab keluhan), untuk memenuhi kewajiban hukum (pembukuan dan pajak), dan untuk kepentingan yang sah seperti mencegah penipuan. Kami tidak menjual data Anda dan tidak memakainya untuk iklan. Bila suatu saat kami meminta persetujuan untuk hal lain, misalnya kabar berkala, persetujuan itu bisa Anda tarik kapan saja.</p>"
            "<h2>Siapa yang melihatnya</h2><ul>"
            "<li>Produsen yang barangnya Anda beli: nama, nomor HP dan alamat pengiriman, hanya untuk pesanan itu.</li>"
            "<li>Kurir pengiriman: nama, nomor HP dan alamat pada paket.</li>"
            "<li>Stripe, bila Anda membayar dengan kartu; bank kami untuk transfer.</li>"
            "<li>Staf koperasi yang mengurus pesanan dan pembayaran. Nomor WhatsApp dan rekening produsen tidak pernah tampil di halaman publik.</li></ul>"
            "<p>Data disimpan di server yang kami kelola; bila penyedia layanan berada di luar Indonesia (misalnya Stripe), kami memastikan perlindungannya setara seperti diwajibkan UU PDP.</p>"
            "<h2>Berapa lama disimpan</h2><p>Data akun disimpan selama akun aktif. Catatan pesanan dan pembayaran wajib disimpan untuk pembukuan selama jangka waktu yang diatur peraturan (umumnya 10 tahun). Bila Anda meminta penghapusan, kami menghapus nama, nomor telepon, alamat jalan dan e-mail Anda; yang tersisa hanya nomor pesanan, jumlah uang, tanggal dan wilayah untuk pembukuan, tanpa bisa dikaitkan dengan Anda.</p>"
            "<h2>Hak Anda</h2><p>Menurut UU PDP Anda berhak:</p><ul>"
            "<li>mendapat penjelasan tentang pemrosesan data Anda (halaman ini);</li>"
            "<li>melihat dan mendapat salinan data Anda dalam format yang bisa dibaca mesin;</li>"
            "<li>membetulkan data yang salah atau tidak lengkap;</li>"
            "<li>meminta data Anda dihapus atau pemrosesannya dihentikan atau ditunda;</li>"
            "<li>menarik persetujuan yang pernah Anda berikan;</li>"
            "<li>mengajukan keberatan atas keputusan yang diambil hanya secara otomatis;</li>"
            "<li>menggugat dan menerima ganti rugi bila data Anda diproses dengan melanggar hukum.</li></ul>"
            f'<p>Kirim permintaan ke <a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a> dari alamat e-mail yang Anda pakai di toko. Kami menjawab paling lambat 3 x 24 jam, sesuai UU PDP.</p>'
            "<h2>Keamanan dan kebocoran data</h2><p>Toko hanya bisa dibuka lewat sambungan terenkripsi (HTTPS), kata sandi disimpan teracak, dan hanya staf yang bertugas yang bisa membuka data pesanan. Bila terjadi kebocoran data pribadi, kami memberi tahu Anda dan lembaga pelindungan data pribadi secara tertulis paling lambat 3 x 24 jam, dengan keterangan data apa yang bocor, kapan, dan apa yang kami lakukan.</p>"
            "<h2>Perubahan</h2><p>Bila kebijakan ini berubah, tanggal di bawah halaman ini ikut berubah; perubahan penting kami beritahukan lewat e-mail kepada pemilik akun.</p>",
        ),
    ],
    "en": {
        "title": "Privacy policy",
        "intro": "What personal data we collect, what for, who sees it, how long we keep it, and your rights under Indonesia's Personal Data Protection Law (Law No. 27 of 2022, UU PDP).",
        "body": [
            (
                "paragraph",
                f'<h2>Who looks after your data</h2><p>{OPERATOR} is the data controller for Pasar Desmigratif. Questions and requests about your data: <a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a>.</p>'
                "<h2>What we collect</h2><ul>"
                "<li><b>Buyers</b>: the recipient's name, mobile number, delivery address (down to the village), e-mail address, what was ordered and how it was paid; for a refund by transfer, the account it goes to. Buyers with an account: a password (stored hashed, unreadable to us) and an address book.</li>"
                "<li><b>Producers</b>: the business and owner's name, village, WhatsApp number, bank account for payouts, product photos and descriptions, business permits.</li>"
                "<li><b>Technical</b>: the cookies the shop needs to work (session, basket, language, form protection) and IP addresses to limit suspicious sign-in attempts. No advertising or third-party tracking cookies.</li></ul>"
                "<h2>What for, and on what basis</h2><p>We use data to perform our sale with you (processing orders, delivering parcels, taking and refunding payments, answering complaints), to meet legal duties (bookkeeping and tax), and for legitimate interests such as preventing fraud. We never sell your data or use it for advertising. If we ever ask your consent for something else, such as a newsletter, you can withdraw it at any time.</p>"
                "<h2>Who sees it</h2><ul>"
                "<li>The producer whose goods you bought: name, mobile number and delivery address, for that order only.</li>"
                "<li>The courier: the name, number and address on the parcel.</li>"
                "<li>Stripe, if you pay by card; our bank for transfers.</li>"
                "<li>Cooperative staff who handle orders and payments. Producers' WhatsApp numbers and bank accounts never appear on public pages.</li></ul>"
                "<p>Data is kept on servers we manage; where a service provider is outside Indonesia (Stripe, for instance) we make sure its protection is equivalent, as UU PDP requires.</p>"
                "<h2>How long we keep it</h2><p>Account data is kept while the account is active. Order and payment records must be kept for bookkeeping for as long as the regulations require (generally 10 years). If you ask for erasure we delete your name, phone numbers, street addresses and e-mail; only order numbers, amounts, dates and regions remain for the books, no longer linked to you.</p>"
                "<h2>Your rights</h2><p>Under UU PDP you have the right to:</p><ul>"
                "<li>be told how your data is processed (this page);</li>"
                "<li>see your data and get a copy in a machine-readable format;</li>"
                "<li>correct wrong or incomplete data;</li>"
                "<li>have your data erased, or its processing stopped or paused;</li>"
                "<li>withdraw any consent you gave;</li>"
                "<li>object to decisions made by automated means alone;</li>"
                "<li>sue and receive compensation if your data is processed unlawfully.</li></ul>"
                f'<p>Send requests to <a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a> from the e-mail address you use in the shop. We answer within 3 x 24 hours, as UU PDP requires.</p>'
                "<h2>Security and data breaches</h2><p>The shop is only served over encrypted connections (HTTPS), passwords are stored hashed, and only staff on duty can open order data. If personal data leaks, we tell you and the personal data protection authority in writing within 3 x 24 hours: what leaked, when, and what we are doing about it.</p>"
                "<h2>Changes</h2><p>When this policy changes, the date at the bottom of this page changes with it; we tell account holders of important changes by e-mail.</p>",
            ),
        ],
    },
}

CONTACT = {
    "purpose": "contact",
    "slug": "kontak",
    "title": "Kontak",
    "intro": f"Ada pertanyaan tentang pesanan, pembayaran atau cara berjualan? Tim {OPERATOR} siap membantu.",
    "body": [
        (
            "paragraph",
            f'<h2>Pembeli</h2><p>E-mail <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>. Sebutkan nomor pesanan Anda (ada di e-mail konfirmasi dan di halaman pesanan) agar kami cepat menemukannya. Kami menjawab pada hari kerja, Senin sampai Jumat pukul 08.00–16.00 WIB, biasanya dalam 1 x 24 jam.</p>'
            "<p>Untuk barang rusak atau tidak sesuai, kirim e-mail paling lambat 2 x 24 jam setelah paket diterima, dengan foto atau video saat membuka paket.</p>"
            "<h2>Produsen</h2><p>Ingin berjualan? Isi formulir <b>Jual di Pasar Desmigratif</b>; pengelola BUMDes atau koperasi desa Anda bisa membantu mendaftar. Produsen yang sudah terdaftar menemukan pesanan, stok dan pendapatan di portal produsen, dan pelajaran singkat tentang foto produk, harga dan kemasan di halaman Pelatihan produsen.</p>"
            f'<h2>Data pribadi</h2><p>Permintaan salinan atau penghapusan data: <a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a> (lihat Kebijakan privasi).</p>',
        ),
    ],
    "en": {
        "title": "Contact",
        "intro": f"Questions about an order, a payment or selling here? The {OPERATOR} team is glad to help.",
        "body": [
            (
                "paragraph",
                f'<h2>Buyers</h2><p>E-mail <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>. Give your order number (in the confirmation e-mail and on the order page) so we find it quickly. We answer on working days, Monday to Friday 08.00–16.00 WIB (UTC+7), usually within a day.</p>'
                "<p>For damaged or wrong goods, e-mail us within 2 x 24 hours of receiving the parcel, with a photo or video of opening it.</p>"
                "<h2>Producers</h2><p>Want to sell? Fill in the <b>Sell on Pasar Desmigratif</b> form; your village's BUMDes or cooperative can help you apply. Registered producers find orders, stock and earnings in the producers' portal, and short lessons on product photos, pricing and packaging under Producer training.</p>"
                f'<h2>Personal data</h2><p>Requests for a copy or erasure of your data: <a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a> (see the Privacy policy).</p>',
            ),
        ],
    },
}

SHOP_PAGES = [HOW_TO_BUY, TERMS, PRIVACY, CONTACT]
