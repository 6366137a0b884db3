from core.tasks import background_task


@background_task
def send_delivery_photo(photo_id: int) -> None:
    from family.emails import send_delivery_photo as send

    send(photo_id)


@background_task
def send_family_basket(basket_id: int) -> None:
    from family.emails import send_family_basket as send

    send(basket_id)
