using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Register : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "calendar_feed_token",
                table: "tenants",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Existing tenants get a secret feed token of their own (the unique index below needs them distinct).
            migrationBuilder.Sql("UPDATE tenants SET calendar_feed_token = lower(hex(randomblob(20)));");

            migrationBuilder.CreateTable(
                name: "agreements",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    signed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    signed_at = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    next_review_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    responsible_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    is_public = table.Column<bool>(type: "INTEGER", nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreements", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_agreements_asp_net_users_responsible_user_id",
                        column: x => x.responsible_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_agreements_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    actor_name = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    subject_type = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    subject_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    changes = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => new { x.tenant_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "cooperation_domains",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    name_fr = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    name_en = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cooperation_domains", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_cooperation_domains_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "networks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    acronym = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    description_fr = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description_en = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    website = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    parent_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_networks", x => x.id);
                    table.ForeignKey(
                        name: "fk_networks_networks_parent_id",
                        column: x => x.parent_id,
                        principalTable: "networks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "agreement_documents",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agreement_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    length = table.Column<long>(type: "INTEGER", nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    uploaded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    uploaded_by = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreement_documents", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_agreement_documents_agreements_tenant_id_agreement_id",
                        columns: x => new { x.tenant_id, x.agreement_id },
                        principalTable: "agreements",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agreement_events",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agreement_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    occurred_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    precision = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreement_events", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_agreement_events_agreements_tenant_id_agreement_id",
                        columns: x => new { x.tenant_id, x.agreement_id },
                        principalTable: "agreements",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agreement_parties",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agreement_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    partner_city_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreement_parties", x => new { x.tenant_id, x.agreement_id, x.partner_city_id });
                    table.ForeignKey(
                        name: "fk_agreement_parties_agreements_tenant_id_agreement_id",
                        columns: x => new { x.tenant_id, x.agreement_id },
                        principalTable: "agreements",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_agreement_parties_partner_cities_tenant_id_partner_city_id",
                        columns: x => new { x.tenant_id, x.partner_city_id },
                        principalTable: "partner_cities",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "agreement_domains",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agreement_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    domain_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreement_domains", x => new { x.tenant_id, x.agreement_id, x.domain_id });
                    table.ForeignKey(
                        name: "fk_agreement_domains_agreements_tenant_id_agreement_id",
                        columns: x => new { x.tenant_id, x.agreement_id },
                        principalTable: "agreements",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_agreement_domains_cooperation_domains_tenant_id_domain_id",
                        columns: x => new { x.tenant_id, x.domain_id },
                        principalTable: "cooperation_domains",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "network_memberships",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    network_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    since_year = table.Column<int>(type: "INTEGER", nullable: true),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    annual_fee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    renewal_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    contact_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    contact_email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    working_groups = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    is_public = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_network_memberships", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_network_memberships_networks_network_id",
                        column: x => x.network_id,
                        principalTable: "networks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_network_memberships_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tenants_calendar_feed_token",
                table: "tenants",
                column: "calendar_feed_token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agreement_documents_tenant_id_agreement_id",
                table: "agreement_documents",
                columns: new[] { "tenant_id", "agreement_id" });

            migrationBuilder.CreateIndex(
                name: "ix_agreement_domains_tenant_id_domain_id",
                table: "agreement_domains",
                columns: new[] { "tenant_id", "domain_id" });

            migrationBuilder.CreateIndex(
                name: "ix_agreement_events_tenant_id_agreement_id",
                table: "agreement_events",
                columns: new[] { "tenant_id", "agreement_id" });

            migrationBuilder.CreateIndex(
                name: "ix_agreement_parties_tenant_id_partner_city_id",
                table: "agreement_parties",
                columns: new[] { "tenant_id", "partner_city_id" });

            migrationBuilder.CreateIndex(
                name: "ix_agreements_responsible_user_id",
                table: "agreements",
                column: "responsible_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_agreements_tenant_id_is_public_signed_on",
                table: "agreements",
                columns: new[] { "tenant_id", "is_public", "signed_on" });

            migrationBuilder.CreateIndex(
                name: "ix_agreements_tenant_id_next_review_on",
                table: "agreements",
                columns: new[] { "tenant_id", "next_review_on" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_tenant_id_subject_id_at",
                table: "audit_entries",
                columns: new[] { "tenant_id", "subject_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_cooperation_domains_tenant_id_key",
                table: "cooperation_domains",
                columns: new[] { "tenant_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_network_memberships_network_id",
                table: "network_memberships",
                column: "network_id");

            migrationBuilder.CreateIndex(
                name: "ix_network_memberships_tenant_id_network_id",
                table: "network_memberships",
                columns: new[] { "tenant_id", "network_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_network_memberships_tenant_id_renewal_on",
                table: "network_memberships",
                columns: new[] { "tenant_id", "renewal_on" });

            migrationBuilder.CreateIndex(
                name: "ix_networks_key",
                table: "networks",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_networks_parent_id",
                table: "networks",
                column: "parent_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agreement_documents");

            migrationBuilder.DropTable(
                name: "agreement_domains");

            migrationBuilder.DropTable(
                name: "agreement_events");

            migrationBuilder.DropTable(
                name: "agreement_parties");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "network_memberships");

            migrationBuilder.DropTable(
                name: "cooperation_domains");

            migrationBuilder.DropTable(
                name: "agreements");

            migrationBuilder.DropTable(
                name: "networks");

            migrationBuilder.DropIndex(
                name: "ix_tenants_calendar_feed_token",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "calendar_feed_token",
                table: "tenants");
        }
    }
}
