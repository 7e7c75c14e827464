using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations.Portal.Events;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Portal;

/// <summary>
/// The demo portal of the CGLU Mediterranean commission (seed 004): its presentation (the seed's text on bilateral and
/// multilateral decentralised cooperation, with an English version), objectives, history, organisation and contacts, and
/// its events — the Forum of Local and Regional Authorities of the Mediterranean (Marseille 2008, Barcelona 2010,
/// Marseille 2013) and Rabat 2013, the world meeting of local and regional authorities. The seed gives each forum's year
/// and city; the days of the three forums are illustrative. One more event, 60 days after seeding and marked as a demo,
/// has its registration open so that Marseille's staff can register delegates. Runs after the demo federations; loads
/// only into a portal that has no page and no event yet.
/// </summary>
public sealed class PortalDemoData(AppDbContext db) : IPlatformDemoData
{
    public const string Slug = "cglu-med";

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var federation = await db.Set<Federation>().FirstOrDefaultAsync(f => f.Slug == Slug, ct);
        if (federation is null
            || await db.Set<FederationPortalPage>().AnyAsync(p => p.FederationId == federation.Id, ct)
            || await db.Set<FederationEvent>().AnyAsync(e => e.FederationId == federation.Id, ct))
        {
            return;
        }
        foreach (var (section, fr, en) in Pages)
        {
            db.Add(new FederationPortalPage { FederationId = federation.Id, Section = section, BodyFr = fr, BodyEn = en });
        }
        foreach (var e in Events(DateOnly.FromDateTime(DateTime.UtcNow)))
        {
            e.FederationId = federation.Id;
            db.Add(e);
        }
        await db.SaveChangesAsync(ct);
    }

    private static IEnumerable<FederationEvent> Events(DateOnly today) =>
    [
        new()
        {
            TitleFr = "Forum des Autorités Locales et Régionales de la Méditerranée 2008", TitleEn = "Forum of Local and Regional Authorities of the Mediterranean 2008",
            StartsOn = new DateOnly(2008, 10, 22), EndsOn = new DateOnly(2008, 10, 23), Place = "Marseille", CountryCode = "FR", IsPublished = true,
            ProgrammeFr = "Première édition du Forum, à Marseille (France) : la coopération décentralisée, bilatérale et multilatérale, autour du bassin méditerranéen.",
            ProgrammeEn = "The Forum's first edition, in Marseille (France): decentralised cooperation, bilateral and multilateral, around the Mediterranean basin.",
        },
        new()
        {
            TitleFr = "Forum des Autorités Locales et Régionales de la Méditerranée 2010", TitleEn = "Forum of Local and Regional Authorities of the Mediterranean 2010",
            StartsOn = new DateOnly(2010, 6, 17), EndsOn = new DateOnly(2010, 6, 18), Place = "Barcelone", CountryCode = "ES", IsPublished = true,
            ProgrammeFr = "Deuxième édition du Forum, à Barcelone (Espagne) : du Processus de Barcelone à l'Union pour la Méditerranée.",
            ProgrammeEn = "The Forum's second edition, in Barcelona (Spain): from the Barcelona Process to the Union for the Mediterranean.",
        },
        new()
        {
            TitleFr = "Forum des Autorités Locales et Régionales de la Méditerranée 2013", TitleEn = "Forum of Local and Regional Authorities of the Mediterranean 2013",
            StartsOn = new DateOnly(2013, 2, 4), EndsOn = new DateOnly(2013, 2, 5), Place = "Marseille", CountryCode = "FR", IsPublished = true,
            ProgrammeFr = "3ème édition du Forum des Autorités Locales et Régionales de la Méditerranée, à Marseille (France).",
            ProgrammeEn = "3rd edition of the Forum of Local and Regional Authorities of the Mediterranean, in Marseille (France).",
        },
        new()
        {
            TitleFr = "Rabat 2013 — Le rendez-vous mondial des autorités locales et régionales", TitleEn = "Rabat 2013 — The world meeting of local and regional authorities",
            StartsOn = new DateOnly(2013, 10, 1), EndsOn = new DateOnly(2013, 10, 4), Place = "Rabat", CountryCode = "MA", IsPublished = true,
            ProgrammeFr = "Le sommet mondial des dirigeants locaux et régionaux de CGLU, à Rabat (Maroc).",
            ProgrammeEn = "UCLG's world summit of local and regional leaders, in Rabat (Morocco).",
        },
        new()
        {
            TitleFr = "Réunion de la Commission Méditerranée (démonstration)", TitleEn = "Meeting of the Mediterranean Commission (demo)",
            StartsOn = today.AddDays(60), EndsOn = today.AddDays(61), Place = "Marseille", CountryCode = "FR", IsPublished = true,
            RegistrationOpen = true, RegistrationClosesOn = today.AddDays(45), MaxDelegatesPerTown = 5,
            ProgrammeFr = "Rencontre de démonstration, pour essayer l'inscription des délégués.\n\n- **Jour 1** : la coopération décentralisée en Méditerranée\n- **Jour 2** : appels à projets et programmes soutenus par l'UE",
            ProgrammeEn = "A demo event, to try the registration of delegates.\n\n- **Day 1**: decentralised cooperation in the Mediterranean\n- **Day 2**: calls for projects and EU-supported programmes",
        },
    ];

    private static readonly (string Section, string Fr, string En)[] Pages =
    [
        ("presentation",
            """
            ## Coopération bilatérale et multilatérale

            Née avec les premiers jumelages de l'après-guerre, la coopération décentralisée a connu une évolution remarquable. Les collectivités territoriales se sont imposées progressivement sur la scène internationale grâce à la conclusion de nombreux accords de jumelage et de coopération portant sur des domaines variés : économie, culture, développement urbain, agriculture, santé, environnement, accompagnement institutionnel... La coopération décentralisée a renouvelé les modes d'action internationale qui prévalaient jusqu'alors en promouvant le partenariat, le dialogue permanent et la réciprocité.

            Au-delà des relations bilatérales classiques de type jumelage et accord de coopération, la coopération décentralisée recouvre également un volet multilatéral qui s'illustre notamment par le développement de partenariats entre organisations internationales et collectivités territoriales. Les grands bailleurs de fonds tels que la Banque Mondiale, l'ONU et les agences nationales de coopération, souhaitent ainsi se rapprocher de l'échelon territorial afin de mieux répondre aux besoins ressentis par les populations. Parallèlement, grâce à ce type de partenariat, les collectivités territoriales bénéficient de l'expertise et de l'expérience des organisations internationales dans le domaine de la coopération. Le rapprochement entre autorités locales et institutions internationales repose donc sur une véritable complémentarité des compétences et confirme la montée en puissance des collectivités territoriales dans les relations internationales.

            La coopération décentralisée, bilatérale et multilatérale, est particulièrement active autour du bassin méditerranéen, espace historique d'échanges, de migrations et de rencontres des civilisations qui pousse naturellement les collectivités territoriales à dialoguer et à élaborer des projets communs. La coopération décentralisée s'impose d'autant plus que les territoires méditerranéens sont confrontés à de nombreux défis qu'il convient de relever ensemble, dans la perspective d'un développement harmonieux et durable.
            """,
            """
            ## Bilateral and multilateral cooperation

            Born with the first twinnings after the war, decentralised cooperation has come a remarkable way. Local and regional authorities have gradually taken their place on the international stage through many twinning and cooperation agreements in varied fields: economy, culture, urban development, agriculture, health, environment, institutional support... Decentralised cooperation renewed the ways of international action of the time by promoting partnership, permanent dialogue and reciprocity.

            Beyond classic bilateral relations such as twinnings and cooperation agreements, decentralised cooperation also has a multilateral side, seen in particular in partnerships between international organisations and local authorities. Major donors such as the World Bank, the United Nations and national cooperation agencies wish to come closer to the local level, to answer better the needs people feel. In turn, through such partnerships, local authorities benefit from the expertise and experience of international organisations in cooperation. Local authorities and international institutions thus complement each other's skills, which confirms the rise of local authorities in international relations.

            Decentralised cooperation, bilateral and multilateral, is particularly active around the Mediterranean basin, a historic space of exchanges, migrations and meetings of civilisations that naturally leads local authorities to talk and build projects together — all the more as Mediterranean territories face many challenges that are best met together, for a harmonious and sustainable development.
            """),
        ("objectives",
            """
            - Faire entendre la voix des collectivités territoriales dans le Partenariat Euro-Méditerranéen, du Processus de Barcelone à l'Union pour la Méditerranée.
            - Favoriser la coopération décentralisée, bilatérale et multilatérale, entre les villes et régions des deux rives.
            - Informer les membres des programmes soutenus par l'Union européenne et des appels à projets.
            """,
            """
            - Make the voice of local and regional authorities heard in the Euro-Mediterranean Partnership, from the Barcelona Process to the Union for the Mediterranean.
            - Foster decentralised cooperation, bilateral and multilateral, between the towns and regions of both shores.
            - Keep members informed of EU-supported programmes and calls for projects.
            """),
        ("history",
            """
            La Commission Méditerranée de CGLU réunit les autorités locales et régionales autour de la Méditerranée. Elle organise le **Forum des Autorités Locales et Régionales de la Méditerranée** : Marseille en 2008, Barcelone en 2010, Marseille en 2013. En 2013, Rabat accueille le rendez-vous mondial des autorités locales et régionales.
            """,
            """
            UCLG's Mediterranean Commission brings together local and regional authorities around the Mediterranean. It organises the **Forum of Local and Regional Authorities of the Mediterranean**: Marseille in 2008, Barcelona in 2010, Marseille in 2013. In 2013, Rabat hosts the world meeting of local and regional authorities.
            """),
        ("organisation",
            """
            Les villes et régions membres participent aux réunions et rencontres de la Commission, et aux éditions du Forum. La coopération multilatérale associe les Nations Unies, les institutions et bailleurs internationaux et les gouvernements.
            """,
            """
            Member towns and regions take part in the Commission's meetings and in the editions of the Forum. Multilateral cooperation involves the United Nations, international institutions and donors, and governments.
            """),
        ("contacts",
            """
            Pour toute question sur la Commission et ses rencontres, écrivez au secrétariat de la Commission Méditerranée de CGLU.
            """,
            """
            For any question about the Commission and its events, write to the secretariat of UCLG's Mediterranean Commission.
            """),
    ];
}
