"""offerprint: a school's SEN information report (the School Offer), from one structured offer,
in every format families ask for."""

__version__ = "0.1.0"
