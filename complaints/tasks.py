from core.tasks import background_task


@background_task
def send_complaint_step(event_id: int) -> None:
    from complaints.emails import send_complaint_step as send

    send(event_id)


@background_task
def send_cancellation_step(request_id: int, to: str) -> None:
    from complaints.emails import send_cancellation_step as send

    send(request_id, to)
