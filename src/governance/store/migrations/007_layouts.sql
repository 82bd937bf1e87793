-- 007: layouts. A saved mapping is a layout: named apart from any vendor, recognised by the
-- headers of the files it reads (whichever vendor sends one), listed, and versioned with every
-- saved version kept. A layout holds headers and the roles they take, never a value of a file.
--
-- vendor_id is the vendor it was first saved for, kept when others save new versions: that
-- vendor's partners see it and may use it; none (a file with a vendor column, one of many
-- vendors) means only the client's staff see it.
--
-- The mapping profiles saved per vendor before (002's mapping_profiles) become layouts named
-- after their vendor, at the version they had (their earlier versions were not kept), and that
-- table goes: layouts are the one place a saved mapping is read from.

CREATE SEQUENCE seq_layout_id START 1;
CREATE TABLE layouts (
    layout_id   INTEGER PRIMARY KEY DEFAULT nextval('seq_layout_id'),
    name        VARCHAR NOT NULL,     -- unique in any letter case (the index below)
    vendor_id   INTEGER,              -- the vendor it was first saved for; NULL: none
    profile     VARCHAR NOT NULL,     -- TOML of the latest version, as interfaces.md describes
    version     INTEGER NOT NULL DEFAULT 1,
    created_by  VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_by  VARCHAR NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX layouts_name ON layouts (lower(name));

-- Every saved version of every layout, the latest included.
CREATE TABLE layout_versions (
    layout_id   INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    profile     VARCHAR NOT NULL,
    saved_by    VARCHAR NOT NULL,
    saved_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (layout_id, version)
);

INSERT INTO layouts (name, vendor_id, profile, version, created_by, created_at, updated_by,
                     updated_at)
SELECT coalesce(v.name, 'Vendor ' || p.vendor_id), p.vendor_id, p.profile, p.version,
       p.updated_by, p.updated_at, p.updated_by, p.updated_at
FROM mapping_profiles p LEFT JOIN vendors v USING (vendor_id)
ORDER BY p.updated_at, p.vendor_id;

INSERT INTO layout_versions (layout_id, version, profile, saved_by, saved_at)
SELECT layout_id, version, profile, updated_by, updated_at FROM layouts;

DROP TABLE mapping_profiles;
