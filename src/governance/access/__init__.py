"""Who may do what: the acting user (``actors``), the users and their roles (``users``), the audit
trail every write leaves (``audit``) and the rules versioned, editable records share
(``records``).

Start at ``actors.Actor`` and ``actors.require``.
"""
