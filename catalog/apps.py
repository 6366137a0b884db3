import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    name = "catalog"

    def ready(self):
        super().ready()
        from oscar.apps.analytics import receivers as oscar_analytics
        from oscar.apps.catalogue.signals import product_viewed

        from catalog.analytics import receive_product_view

        # Oscar writes to the database on every product page view; we count in the cache.
        product_viewed.disconnect(oscar_analytics.receive_product_view)
        product_viewed.connect(receive_product_view, dispatch_uid="pasar-product-view")
        # No "recently viewed" cookie: it would make every product page personal and so
        # uncacheable for anonymous visitors (core.cache.anonymous_page), and it keeps
        # a browsing history on shared family phones.
        from oscar.apps.customer import receivers as oscar_customer

        product_viewed.disconnect(oscar_customer.receive_product_view)
