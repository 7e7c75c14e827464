-- 1,000 towns x 100 agreements (and 20 partner cities, 5 cooperation domains each), in one go.
-- Runs against a freshly migrated TwinningCloud database (tools/bench/register/run).
BEGIN;
INSERT INTO tenants (id, slug, display_name, default_culture, time_zone_id, status, brand_color, calendar_feed_token, latitude, longitude, created_at, updated_at)
SELECT gen_random_uuid(), 'town-' || g, 'Ville n° ' || g, CASE WHEN g % 5 = 0 THEN 'en' ELSE 'fr' END, 'Europe/Paris', 'Active', '#1d4f91',
       md5(random()::text || g), 43 + (g % 7), -1 + (g % 8), now(), now()
FROM generate_series(1, 1000) g;

INSERT INTO tenant_modules (tenant_id, module_key)
SELECT id, m FROM tenants CROSS JOIN (VALUES ('agreements'), ('network-memberships')) AS mods(m) WHERE slug LIKE 'town-%';

INSERT INTO cooperation_domains (tenant_id, id, key, name_fr, name_en)
SELECT t.id, gen_random_uuid(), d.key, d.fr, d.en
FROM tenants t CROSS JOIN (VALUES ('culture', 'Culture', 'Culture'), ('health', 'Santé', 'Health'),
     ('education', 'Éducation et formation', 'Education and training'), ('water', 'Eau', 'Water'), ('youth', 'Jeunesse', 'Youth')) AS d(key, fr, en)
WHERE t.slug LIKE 'town-%';

INSERT INTO partner_cities (tenant_id, id, name, slug, country_code, region, population, population_year, latitude, longitude, is_public, created_at, updated_at)
SELECT t.id, gen_random_uuid(), 'Partner ' || c, 'partner-' || c, (ARRAY['IT','DE','ES','MA','SN','JP','GB','BE'])[1 + c % 8], 'Region ' || c,
       10000 + c * 1000, 2020, -60 + (c * 7) % 120, -170 + (c * 17) % 340, c % 10 <> 0, now(), now()
FROM tenants t CROSS JOIN generate_series(1, 20) c
WHERE t.slug LIKE 'town-%';

CREATE TEMP TABLE bench_agreements AS
SELECT t.id AS tenant_id, gen_random_uuid() AS id, a AS n
FROM tenants t CROSS JOIN generate_series(1, 100) a
WHERE t.slug LIKE 'town-%';

INSERT INTO agreements (tenant_id, id, kind, title, signed_on, signed_at, status, next_review_on, is_public, summary, created_at, updated_at)
SELECT b.tenant_id, b.id,
       (ARRAY['TwinningOath','CooperationAgreement','Charter','JointDeclaration','FriendshipPact'])[1 + b.n % 5],
       'Accord n° ' || b.n, DATE '1958-07-10' + (b.n * 200), 'Hôtel de ville', 'Active', CURRENT_DATE + (b.n % 365),
       b.n % 7 <> 0, 'Coopération dans plusieurs domaines.', now(), now()
FROM bench_agreements b;

INSERT INTO agreement_parties (tenant_id, agreement_id, partner_city_id)
SELECT b.tenant_id, b.id, pc.id
FROM bench_agreements b
JOIN LATERAL (SELECT id FROM partner_cities p WHERE p.tenant_id = b.tenant_id ORDER BY p.name OFFSET (b.n % 20) LIMIT 1) pc ON true;

INSERT INTO agreement_domains (tenant_id, agreement_id, domain_id)
SELECT b.tenant_id, b.id, d.id
FROM bench_agreements b
JOIN LATERAL (SELECT id FROM cooperation_domains d WHERE d.tenant_id = b.tenant_id ORDER BY d.key OFFSET (b.n % 5) LIMIT 1) d ON true;
COMMIT;
ANALYZE;
