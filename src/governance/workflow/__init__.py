"""Governance records and their clocks: escalations, meetings with decisions and action items,
training and knowledge transfer, compliance attestations, the dates they make due
(``due_dates``) and the co-employment wording check every free text passes (``wording``).
"""
