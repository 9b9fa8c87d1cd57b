"""The council's side: a borough started from GIAS, the Open Referral UK feed and its API, and
the statutory audit of every setting's offer. Builders over the site and the check."""
