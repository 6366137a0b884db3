"""``{% impact_receipt order %}``: which producers in which villages an order paid, and how
much reached them after the program's commission, from their ledgers (ledger.selectors)."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ledger.selectors import order_impact

register = template.Library()


def villages_text(villages) -> str:
    """'Desa Kenanga', 'Desa Kenanga dan Desa Kuripan', 'Desa A, Desa B dan Desa C'."""
    names = [str(village) for village in villages]
    if len(names) <= 1:
        return "".join(names)
    return _("%(rest)s dan %(last)s") % {"rest": ", ".join(names[:-1]), "last": names[-1]}


@register.inclusion_tag("ledger/impact_receipt.html", takes_context=True)
def impact_receipt(context, order, currency=None, plain=False):
    """Nothing before the order is paid (the ledger has booked nothing for it yet)."""
    impact = order_impact(order_id=order.pk)
    count = len(impact.credits)
    families = ngettext(
        "untuk %(count)s keluarga produsen di %(villages)s",
        "untuk %(count)s keluarga produsen di %(villages)s",
        count,
    ) % {"count": count, "villages": villages_text(impact.villages)}
    return {
        "impact": impact,
        "families": families,
        "currency": currency,
        "plain": plain,
        "visitor_conversion": context.get("visitor_conversion"),
    }
