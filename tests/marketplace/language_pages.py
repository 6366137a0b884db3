"""Visible text of pages and e-mails, and the words that give away the wrong language."""

import re
from html.parser import HTMLParser

# Oscar's and our English that once showed on Indonesian pages (issue 14 item 11). Whole
# words, letter case as written: "Status", "Total", "Email" and "Voucher" are Indonesian too.
ENGLISH = [
    "available",
    "Your basket",
    "Re-order",
    "products",
    "Checkout",
    "Basket",
    "Order",
    "Orders",
    "Sign in",
    "Add to basket",
    "Login",
    "Log in",
    "Register",
    "Search",
    "Price",
    "Quantity",
    "Shipping",
    "Remove",
    "Continue",
    "Description",
    "Reviews",
    "In stock",
    "Notify me",
    "Date",
    "Items",
    "View",
    "Edit",
    "Delete",
    "Save",
    "Cancel",
    "Submit",
    "Next",
    "Previous",
    "Account",
    "Profile",
    "Logout",
    "Details",
    "Product",
    "Subtotal",
    "Discount",
    "Update",
    "Free",
    "Payment",
    "Address",
    "Welcome",
    "Hello",
    "Thank you",
    "the",
    "and",
    "your",
    "you",
    "of",
    "for",
    "with",
    "has been",
    "Dashboard",
    "Customer",
    "Yes",
    "Sorry",
    "Return to",
    "Go to",
    "Unavailable",
    "Placed",
    "Shipped",
    "bank_transfer",
    "Offers",
    "choose",
    "copies",
    "Is public",
    # Oscar's Indonesian gone wrong: "Order" as "Urutan" (a sequence), "Body" as "Bagian"…
    "dlam",
    "ulangan",
    "Nomor dari",
    "Urutan",
    "Tanggal Dikirim",
    "Profil dihapus",
    "situs penawaran",
    "PROSES PEMBELIAN",
    "Gerbang cekout",
    "salinan dari",
    "Sejarah Pesanan",
    "Rekan",
    "Pergi!",
    "Nomer",
    "orderan",
]
# Not yet: "Toggle Dropdown" (the mini basket's screen-reader text) and "Filters:" (dashboard
# lists) are written into Oscar's templates untranslatable; the header is being rebuilt.
# Oscar's order status values ("Pending", "Paid"…) are stored and posted back as they are
# written in OSCAR_ORDER_STATUS_PIPELINE; showing them translated needs the status flow's
# rework (issue 14 item 5) first.
ORDER_STATUSES = ["Pending", "Paid", "Complete", "Cancelled", "Refunded"]
# Indonesian left in English pages where it is wrong ("Desa" is a name's part, "Villages"
# its wrong translation).
INDONESIAN_IN_ENGLISH = [
    "Villages Kenanga",
    "Villages Sukamaju",
    "Keranjang",
    "Pembayaran",
    "Masuk",
    "Pesanan",
    "Tambah",
    "Lihat",
    "Simpan",
    "Hapus",
    "Batal",
    "Lanjut",
]


class _Text(HTMLParser):
    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def wrong_words(text: str, words: list[str]) -> list[str]:
    found = []
    for word in words:
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            start = max(match.start() - 40, 0)
            found.append(f"{word!r} in …{text[start : match.end() + 40]}…")
    return found
