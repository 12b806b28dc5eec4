"""Pages of a long admin list without counting every row."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts the rows of a list up to ``cap`` and no further.

    Counting a table that gains a row at every view costs more each day; past the cap
    the list says "more than" and staff narrow it with a filter instead of paging on.
    """

    cap = 1000
    capped = False

    @cached_property
    def count(self):
        # Unordered: the database counts from whichever index answers the filter.
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)
