-- A federation of 3,000 member towns x 30 public agreements (30 partner cities, 5 cooperation domains each), in one go.
-- Runs against a freshly migrated TwinningCloud database (tools/bench/federations/run search).
BEGIN;
INSERT INTO tenants (id, slug, display_name, default_culture, time_zone_id, status, brand_color, calendar_feed_token, latitude, longitude, created_at, updated_at)
SELECT gen_random_uuid(), 'member-' || g, 'Commune n° ' || g, CASE WHEN g % 5 = 0 THEN 'en' ELSE 'fr' END, 'Europe/Paris', 'Active', '#1d4f91',
       md5(random()::text || g), 43 + (g % 7), -1 + (g % 8), now(), now()
FROM generate_series(1, 3000) g;

INSERT INTO tenant_modules (tenant_id, module_key)
SELECT id, m FROM tenants CROSS JOIN (VALUES ('agreements'), ('federation-directory')) AS mods(m) WHERE slug LIKE 'member-%';

INSERT INTO federations (id, slug, name, created_at) VALUES (gen_random_uuid(), 'bench', 'Fédération de banc d''essai', now());

INSERT INTO federation_members (id, federation_id, tenant_id, status, listed_in_directory, share_renewal_dates, invited_at, answered_at)
SELECT gen_random_uuid(), f.id, t.id, 'Accepted', true, true, now(), now()
FROM tenants t CROSS JOIN federations f WHERE t.slug LIKE 'member-%' AND f.slug = 'bench';

INSERT INTO cooperation_domains (tenant_id, id, key, name_fr, name_en)
SELECT t.id, gen_random_uuid(), d.key, d.fr, d.en
FROM tenants t CROSS JOIN (VALUES ('culture', 'Culture', 'Culture'), ('health', 'Santé', 'Health'),
     ('education', 'Éducation et formation', 'Education and training'), ('water', 'Eau', 'Water'), ('youth', 'Jeunesse', 'Youth')) AS d(key, fr, en)
WHERE t.slug LIKE 'member-%';

-- Partner cities: 400 distinct places worldwide, each town twinned with 30 of them.
INSERT INTO partner_cities (tenant_id, id, name, slug, country_code, region, population, population_year, latitude, longitude, is_public, created_at, updated_at)
SELECT t.id, gen_random_uuid(), 'Partenaire ' || p, 'partenaire-' || p, (ARRAY['IT','DE','ES','MA','SN','JP','GB','BE','TN','PL'])[1 + p % 10], 'Region ' || p,
       10000 + p * 1000, 2020, -50 + (p * 7) % 110, -170 + (p * 17) % 340, true, now(), now()
FROM (SELECT id, substring(slug from 8)::int AS g FROM tenants WHERE slug LIKE 'member-%') t
CROSS JOIN generate_series(1, 30) c
CROSS JOIN LATERAL (SELECT 1 + ((t.g * 31 + c * 7) % 400) AS p) pp;

CREATE TEMP TABLE bench_agreements AS
SELECT t.id AS tenant_id, gen_random_uuid() AS id, a AS n
FROM tenants t CROSS JOIN generate_series(1, 30) a
WHERE t.slug LIKE 'member-%';

INSERT INTO agreements (tenant_id, id, kind, title, signed_on, signed_at, status, next_review_on, is_public, summary, created_at, updated_at)
SELECT b.tenant_id, b.id,
       (ARRAY['TwinningOath','CooperationAgreement','Charter','JointDeclaration','FriendshipPact'])[1 + b.n % 5],
       'Accord n° ' || b.n, DATE '1958-07-10' + (b.n * 600), 'Hôtel de ville', 'Active', CURRENT_DATE + (b.n % 365),
       true, 'Coopération dans plusieurs domaines.', now(), now()
FROM bench_agreements b;

INSERT INTO agreement_parties (tenant_id, agreement_id, partner_city_id)
SELECT b.tenant_id, b.id, pc.id
FROM bench_agreements b
JOIN LATERAL (SELECT id FROM partner_cities p WHERE p.tenant_id = b.tenant_id ORDER BY p.id OFFSET (b.n - 1) LIMIT 1) pc ON true;

INSERT INTO agreement_domains (tenant_id, agreement_id, domain_id)
SELECT b.tenant_id, b.id, d.id
FROM bench_agreements b
JOIN LATERAL (SELECT id FROM cooperation_domains d WHERE d.tenant_id = b.tenant_id ORDER BY d.key OFFSET (b.n % 5) LIMIT 1) d ON true;
COMMIT;
ANALYZE;
