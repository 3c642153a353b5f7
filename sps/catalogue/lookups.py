"""`mask__bitand_any=bits`: true when the integer column shares a bit with `bits` (the catalogue's
multi-valued facets are bit masks). Same SQL on SQLite and PostgreSQL."""

from django.db.models import IntegerField, Lookup


@IntegerField.register_lookup
class BitAndAny(Lookup):
    lookup_name = "bitand_any"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) <> 0", (*lhs_params, *rhs_params)
