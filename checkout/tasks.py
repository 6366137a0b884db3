from core.tasks import background_task


@background_task
def send_order_confirmation(order_id: int) -> None:
    from checkout.emails import send_order_confirmation as send

    send(order_id)
