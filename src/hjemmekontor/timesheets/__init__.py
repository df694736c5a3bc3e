"""Working time in the web product: explicit time registrations, breaches and patterns.

The rules themselves live in the plain library :mod:`hjemmekontor.worktime`;
this app stores registrations, decides who may see what (aml. § 10-7, the
anonymity threshold) and calls the library. Registrations are only ever what
people enter or import themselves: working time is never derived from device
or application activity (FOR-2018-07-02-1108).
"""
