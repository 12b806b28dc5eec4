"""A cache in the shared database whose counts hold when requests arrive at the same moment."""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class CountingDatabaseCache(DatabaseCache):
    """Django's database cache, with an increment that is one step.

    Django's own reads the count, then writes it back with a fresh expiry: two workers
    adding one at the same moment both write the same total, and each increment pushed
    the end of the count's period back. Here the row is held from read to write (a row
    lock on PostgreSQL; on SQLite the IMMEDIATE transaction the settings ask for takes
    the database's write lock first), and only the value is written, so the count keeps
    the expiry it was added with. What django-ratelimit counts in when Redis (whose INCR
    is one step already) is not configured.
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, key_column, value_column = quote(self._table), quote("cache_key"), quote("value")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # Only quoted names go into the SQL; the key and value are parameters.
        read = f"SELECT {value_column} FROM {table} WHERE {key_column} = %s{lock}"  # noqa: S608
        write = f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s"  # noqa: S608
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(read, [key])
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            # Pickled by this cache itself, as Django's database cache does.
            stored = base64.b64decode(connection.ops.process_clob(row[0]).encode())
            value = pickle.loads(stored) + delta  # noqa: S301
            cursor.execute(
                write, [base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1"), key]
            )
        return value
