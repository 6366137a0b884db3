from core.tasks import background_task


@background_task
def send_new_order_to_producers(order_id: int) -> None:
    from fulfilment.emails import send_new_order_to_producers as send

    send(order_id)


@background_task
def send_shipping_notice(seller_order_id: int) -> None:
    from fulfilment.emails import send_shipping_notice as send
    from fulfilment.models import SellerOrder

    send(SellerOrder.objects.get(pk=seller_order_id))


@background_task
def send_ship_by_late(seller_order_id: int) -> None:
    from fulfilment.emails import send_ship_by_late as send
    from fulfilment.models import SellerOrder

    send(SellerOrder.objects.get(pk=seller_order_id))


@background_task
def send_ship_by_cancelled(seller_order_id: int) -> None:
    from fulfilment.emails import send_ship_by_cancelled as send
    from fulfilment.models import SellerOrder

    send(SellerOrder.objects.get(pk=seller_order_id))
