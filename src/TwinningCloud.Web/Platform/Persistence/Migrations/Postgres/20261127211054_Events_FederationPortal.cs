using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Events_FederationPortal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "federation_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    federation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title_fr = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    title_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: false),
                    place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    country_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    programme_fr = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    programme_en = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    is_published = table.Column<bool>(type: "boolean", nullable: false),
                    registration_open = table.Column<bool>(type: "boolean", nullable: false),
                    registration_closes_on = table.Column<DateOnly>(type: "date", nullable: true),
                    max_delegates_per_town = table.Column<int>(type: "integer", nullable: false),
                    registrations_version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_federation_events_federations_federation_id",
                        column: x => x.federation_id,
                        principalTable: "federations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "federation_portal_pages",
                columns: table => new
                {
                    federation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    section = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    body_fr = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    body_en = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_portal_pages", x => new { x.federation_id, x.section });
                    table.ForeignKey(
                        name: "fk_federation_portal_pages_federations_federation_id",
                        column: x => x.federation_id,
                        principalTable: "federations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "federation_event_delegates",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    function = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    registered_by = table.Column<Guid>(type: "uuid", nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    confirmation_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_event_delegates", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_federation_event_delegates_federation_events_event_id",
                        column: x => x.event_id,
                        principalTable: "federation_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_federation_event_delegates_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_federation_event_delegates_event_id",
                table: "federation_event_delegates",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_federation_event_delegates_tenant_id_event_id_email",
                table: "federation_event_delegates",
                columns: new[] { "tenant_id", "event_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_federation_events_federation_id_starts_on",
                table: "federation_events",
                columns: new[] { "federation_id", "starts_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "federation_event_delegates");

            migrationBuilder.DropTable(
                name: "federation_portal_pages");

            migrationBuilder.DropTable(
                name: "federation_events");
        }
    }
}
