import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    name = "basket"

    def ready(self):
        super().ready()
        from basket.receivers import receivers_connect

        receivers_connect()
