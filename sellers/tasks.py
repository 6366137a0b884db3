from core.tasks import background_task


@background_task
def send_status_email(seller_id: int) -> None:
    from sellers.services import send_status_email as send

    send(seller_id=seller_id)


@background_task
def notify_staff_of_application(seller_id: int) -> None:
    from sellers.services import _notify_staff_of_application

    _notify_staff_of_application(seller_id=seller_id)
