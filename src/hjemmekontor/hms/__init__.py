"""HMS follow-up at the home office: action plans, agreements, checklists, risk assessments.

Law: hjemmekontorforskriften (FOR-2002-07-05-715) §§2–5 and
internkontrollforskriften §5 (see docs/hms.md).
"""
