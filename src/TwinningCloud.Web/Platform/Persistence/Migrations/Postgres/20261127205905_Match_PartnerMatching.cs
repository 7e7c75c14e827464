using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Match_PartnerMatching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "partner_contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    federation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    to_tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answered_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    answer = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_partner_contacts_asp_net_users_answered_by_user_id",
                        column: x => x.answered_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_partner_contacts_asp_net_users_from_user_id",
                        column: x => x.from_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_partner_contacts_federations_federation_id",
                        column: x => x.federation_id,
                        principalTable: "federations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_partner_contacts_tenants_from_tenant_id",
                        column: x => x.from_tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_partner_contacts_tenants_to_tenant_id",
                        column: x => x.to_tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "partner_searches",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_public = table.Column<bool>(type: "boolean", nullable: false),
                    own_country_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    own_population = table.Column<int>(type: "integer", nullable: true),
                    sought_countries = table.Column<List<string>>(type: "text[]", nullable: false),
                    sought_regions = table.Column<List<string>>(type: "text[]", nullable: false),
                    sought_domains = table.Column<List<string>>(type: "text[]", nullable: false),
                    sought_sizes = table.Column<int[]>(type: "integer[]", nullable: false),
                    text_fr = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    text_en = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_searches", x => x.tenant_id);
                    table.ForeignKey(
                        name: "fk_partner_searches_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_partner_contacts_answered_by_user_id",
                table: "partner_contacts",
                column: "answered_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_partner_contacts_federation_id",
                table: "partner_contacts",
                column: "federation_id");

            migrationBuilder.CreateIndex(
                name: "ix_partner_contacts_from_tenant_id_created_at",
                table: "partner_contacts",
                columns: new[] { "from_tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_partner_contacts_from_user_id",
                table: "partner_contacts",
                column: "from_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_partner_contacts_to_tenant_id_created_at",
                table: "partner_contacts",
                columns: new[] { "to_tenant_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "partner_contacts");

            migrationBuilder.DropTable(
                name: "partner_searches");
        }
    }
}
