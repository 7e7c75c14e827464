using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Coll_Collectives : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "citizen_erasures",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    erased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    memberships = table.Column<int>(type: "integer", nullable: false),
                    other_rows = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_citizen_erasures", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_citizen_erasures_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "citizen_tokens",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: true),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    old_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_citizen_tokens", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_citizen_tokens_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collectives",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name_other = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    description_other = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    partner_city_id = table.Column<Guid>(type: "uuid", nullable: true),
                    agreement_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sign_up_mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    asked_fields = table.Column<int>(type: "integer", nullable: false),
                    is_archived = table.Column<bool>(type: "boolean", nullable: false),
                    archived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    retention_months = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    places_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collectives", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collectives_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collective_announcements",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collective_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body_markdown = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_announcements", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collective_announcements_collectives_tenant_id_collective_id",
                        columns: x => new { x.tenant_id, x.collective_id },
                        principalTable: "collectives",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collective_members",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collective_id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    association_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    neighbourhood = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    languages_spoken = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    how_to_help = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    language = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    is_coordinator = table.Column<bool>(type: "boolean", nullable: false),
                    shown_as_coordinator = table.Column<bool>(type: "boolean", nullable: false),
                    unsubscribed = table.Column<bool>(type: "boolean", nullable: false),
                    consent_text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    consent_version = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    consented_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    pending_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_members", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collective_members_collectives_tenant_id_collective_id",
                        columns: x => new { x.tenant_id, x.collective_id },
                        principalTable: "collectives",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collective_announcement_deliveries",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    announcement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_announcement_deliveries", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collective_announcement_deliveries_collective_announcements~",
                        columns: x => new { x.tenant_id, x.announcement_id },
                        principalTable: "collective_announcements",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_citizen_tokens_expires_at",
                table: "citizen_tokens",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_citizen_tokens_tenant_id_email",
                table: "citizen_tokens",
                columns: new[] { "tenant_id", "email" });

            migrationBuilder.CreateIndex(
                name: "ix_citizen_tokens_tenant_id_hash",
                table: "citizen_tokens",
                columns: new[] { "tenant_id", "hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_collective_announcement_deliveries_tenant_id_announcement_i~",
                table: "collective_announcement_deliveries",
                columns: new[] { "tenant_id", "announcement_id", "member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_collective_announcement_deliveries_tenant_id_member_id",
                table: "collective_announcement_deliveries",
                columns: new[] { "tenant_id", "member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_announcements_tenant_id_collective_id_created_at",
                table: "collective_announcements",
                columns: new[] { "tenant_id", "collective_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_members_tenant_id_collective_id_email",
                table: "collective_members",
                columns: new[] { "tenant_id", "collective_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_collective_members_tenant_id_collective_id_status_status_si~",
                table: "collective_members",
                columns: new[] { "tenant_id", "collective_id", "status", "status_since" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_members_tenant_id_email",
                table: "collective_members",
                columns: new[] { "tenant_id", "email" });

            migrationBuilder.CreateIndex(
                name: "ix_collectives_tenant_id_name",
                table: "collectives",
                columns: new[] { "tenant_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_collectives_tenant_id_partner_city_id",
                table: "collectives",
                columns: new[] { "tenant_id", "partner_city_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "citizen_erasures");

            migrationBuilder.DropTable(
                name: "citizen_tokens");

            migrationBuilder.DropTable(
                name: "collective_announcement_deliveries");

            migrationBuilder.DropTable(
                name: "collective_members");

            migrationBuilder.DropTable(
                name: "collective_announcements");

            migrationBuilder.DropTable(
                name: "collectives");
        }
    }
}
