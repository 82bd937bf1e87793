-- 004: the users of the tool and their roles (authorization is the product's own).
-- Sign-in (single sign-on) says who someone is; this table says what they may do. The e-mail is
-- stored lower-case. A vendor partner is tied to exactly one vendor; every other role to none.

CREATE TABLE users (
    email       VARCHAR PRIMARY KEY CHECK (email = lower(email)),
    role        VARCHAR NOT NULL
                CHECK (role IN ('admin', 'vendor_manager', 'leadership', 'auditor', 'vendor_partner')),
    vendor_id   INTEGER,
    created_at  TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,   -- record version (optimistic concurrency)
    CHECK ((role = 'vendor_partner') = (vendor_id IS NOT NULL))
);
