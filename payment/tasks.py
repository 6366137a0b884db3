from core.tasks import background_task


@background_task
def send_payment_received(payment_id: int) -> None:
    from payment.emails import send_payment_received as send

    send(payment_id)


@background_task
def send_order_cancelled(payment_id: int) -> None:
    from payment.emails import send_order_cancelled as send

    send(payment_id)


@background_task
def send_refund_notice(refund_id: int) -> None:
    from payment.emails import send_refund_notice as send

    send(refund_id)
