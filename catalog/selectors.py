"""Reads of the catalogue that shop pages need, with their related rows prefetched."""

from django.db.models import Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

Option = get_model("catalogue", "Option")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")

SORT_NEWEST = "newest"
SORT_PRICE_ASC = "price-asc"
SORT_PRICE_DESC = "price-desc"
SORT_POPULAR = "popular"
SORT_TITLE = "title-asc"
SORT_RELEVANCE = "relevancy"

_ORDERINGS = {
    SORT_NEWEST: ("-date_created", "-id"),
    SORT_PRICE_ASC: (F("min_price").asc(nulls_last=True), "id"),
    SORT_PRICE_DESC: (F("max_price").desc(nulls_last=True), "id"),
    SORT_POPULAR: ("-num_sold", "-date_created", "-id"),
    SORT_TITLE: ("title", "id"),
    SORT_RELEVANCE: ("-date_created", "-id"),
}


def product_browsable() -> QuerySet:
    """Public standalone/parent products of approved sellers, ready for product cards."""
    return (
        Product.objects.browsable()
        # EXISTS rather than IN: loading one page of ids then probes the index per product
        # instead of scanning every stock record.
        .filter(
            Exists(
                StockRecord.objects.filter(
                    product_id=OuterRef("pk"), partner__seller_profile__status="approved"
                )
            )
        )
        .select_related("product_class")
        # Product.has_options reads these; without them each card asks the database.
        .annotate(
            has_product_class_options=Exists(Option.objects.filter(productclass=OuterRef("product_class"))),
            has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
        )
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order")),
            Prefetch(
                "stockrecords",
                # The card names the producer's village and kabupaten.
                queryset=StockRecord.objects.select_related(
                    "partner__seller_profile__village__district__regency"
                ),
            ),
        )
        # Units sold, on the card and for the "terlaris" order: a subquery, not a query per card.
        .annotate(
            num_sold=Coalesce(
                Subquery(
                    Line.objects.filter(product_id=OuterRef("pk"))
                    .values("product_id")
                    .annotate(total=Sum("quantity"))
                    .values("total")
                ),
                0,
            )
        )
    )


def product_list(
    *,
    query: str = "",
    category=None,
    seller=None,
    village=None,
    sort: str = SORT_NEWEST,
) -> QuerySet:
    products = product_browsable()
    if category is not None:
        products = products.filter(
            id__in=Product.objects.filter(categories__in=category.get_descendants_and_self()).values("id")
        )
    if seller is not None:
        products = products.filter(
            id__in=StockRecord.objects.filter(partner_id=seller.partner_id).values("product_id")
        )
    if village is not None:
        products = products.filter(
            id__in=StockRecord.objects.filter(partner__seller_profile__village=village).values("product_id")
        )
    if query:
        terms = [term for term in query.split() if term][:8]
        for term in terms:
            products = products.filter(
                Q(title__icontains=term)
                | Q(description__icontains=term)
                | Q(id__in=Product.objects.filter(categories__name__icontains=term).values("id"))
            )
    products = products.annotate(
        min_price=Min("stockrecords__price"),
        max_price=Max("stockrecords__price"),
    )
    return products.order_by(*_ORDERINGS.get(sort, _ORDERINGS[SORT_NEWEST]))


def seller_products(*, seller) -> QuerySet:
    """Every product the producer lists, hidden ones too, with its own stock record and photos."""
    return (
        Product.objects.filter(stockrecords__partner=seller.partner)
        .select_related("product_class")
        .prefetch_related(
            Prefetch("stockrecords", queryset=StockRecord.objects.filter(partner=seller.partner)),
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order")),
        )
        .distinct()
    )


def sellers_products(*, sellers) -> QuerySet:
    """The products of several producers (a cooperative's members), each with its own stock
    record and its producer, its categories and photos: for files and forms of many rows."""
    records = StockRecord.objects.filter(partner__seller_profile__in=sellers)
    return (
        Product.objects.filter(id__in=records.values("product_id"))
        .select_related("product_class")
        .prefetch_related(
            Prefetch("stockrecords", queryset=records.select_related("partner__seller_profile")),
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order")),
            "categories",
        )
    )


def seller_products_priced(*, seller) -> QuerySet:
    """The producer's products, newest first, each annotated with its own price and stock."""
    records = StockRecord.objects.filter(partner_id=seller.partner_id)
    return (
        Product.objects.filter(id__in=records.values("product_id"))
        .select_related("product_class")
        .annotate(
            price=Subquery(records.filter(product=OuterRef("pk")).values("price")[:1]),
            num_in_stock=Subquery(records.filter(product=OuterRef("pk")).values("num_in_stock")[:1]),
        )
        .order_by("-date_updated")
    )


def product_classes() -> QuerySet:
    return ProductClass.objects.order_by("name")


def product_class_by_slug(*, slug: str | None):
    return ProductClass.objects.filter(slug=slug).first()


def product_images(*, product) -> QuerySet:
    return ProductImage.objects.filter(product=product)


def product_units_sold(*, product) -> int:
    """Units of the product (or of its variants) in buyers' orders."""
    total = Line.objects.filter(Q(product=product) | Q(product__parent=product)).aggregate(
        total=Sum("quantity")
    )["total"]
    return total or 0


def product_reviews_shown(*, product, limit: int = 3) -> list:
    """The first approved reviews the product page shows, as Oscar orders them."""
    if not product.num_approved_reviews:
        return []
    return list(product.reviews.approved().select_related("user")[:limit])


def reviewers_who_bought(*, product, user_ids) -> set[int]:
    """Of these users, the ones who ordered the product (or one of its variants): their
    reviews are marked "pembeli terverifikasi"."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return set()
    return set(
        Line.objects.filter(Q(product=product) | Q(product__parent=product), order__user_id__in=wanted)
        .values_list("order__user_id", flat=True)
        .distinct()
    )
