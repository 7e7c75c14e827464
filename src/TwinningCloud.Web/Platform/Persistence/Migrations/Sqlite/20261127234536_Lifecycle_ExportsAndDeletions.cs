using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Lifecycle_ExportsAndDeletions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "tenant_id",
                table: "outbox_emails",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "tenant_deletions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    slug = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    scheduled_at = table.Column<long>(type: "INTEGER", nullable: false),
                    scheduled_by = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    run_at = table.Column<long>(type: "INTEGER", nullable: false),
                    cancelled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    cancelled_by = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    done_at = table.Column<long>(type: "INTEGER", nullable: true),
                    summary = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_deletions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenant_exports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    requested_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    by_operator = table.Column<bool>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    progress = table.Column<int>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    length = table.Column<long>(type: "INTEGER", nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_exports", x => x.id);
                    table.ForeignKey(
                        name: "fk_tenant_exports_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_emails_tenant_id",
                table: "outbox_emails",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_tenant_deletions_tenant_id",
                table: "tenant_deletions",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_tenant_exports_expires_at",
                table: "tenant_exports",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_tenant_exports_tenant_id_created_at",
                table: "tenant_exports",
                columns: new[] { "tenant_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tenant_deletions");

            migrationBuilder.DropTable(
                name: "tenant_exports");

            migrationBuilder.DropIndex(
                name: "ix_outbox_emails_tenant_id",
                table: "outbox_emails");

            migrationBuilder.DropColumn(
                name: "tenant_id",
                table: "outbox_emails");
        }
    }
}
