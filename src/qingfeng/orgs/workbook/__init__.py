"""The organisation workbook: one .xlsx that brings a county's regions, zones, units, people,
relations and users into the platform (issue 19).

    schema.py    the sheets and their columns (headers, aliases, explanations, examples)
    template.py  the empty workbook with headers, an explanation row and examples
    reader.py    cells to strings, row by row, headers matched by name
    plan.py      validation and the difference with the database (the dry run)
    apply.py     the writes of a plan, in bulk (the caller holds the transaction)
"""
