"""Staff sign-in beyond the password: a second factor for every staff account, and password rules."""
