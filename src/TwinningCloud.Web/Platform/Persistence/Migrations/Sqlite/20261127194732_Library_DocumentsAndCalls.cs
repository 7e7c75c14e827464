using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Library_DocumentsAndCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "federation_calls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    federation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    text_markdown = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    deadline_at = table.Column<long>(type: "INTEGER", nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    is_public = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_calls", x => x.id);
                    table.ForeignKey(
                        name: "fk_federation_calls_federations_federation_id",
                        column: x => x.federation_id,
                        principalTable: "federations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "federation_documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    federation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    is_public = table.Column<bool>(type: "INTEGER", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    length = table.Column<long>(type: "INTEGER", nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    uploaded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    uploaded_by = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_federation_documents_federations_federation_id",
                        column: x => x.federation_id,
                        principalTable: "federations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "federation_call_reminders",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    call_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    deadline_at = table.Column<long>(type: "INTEGER", nullable: false),
                    days_before = table.Column<int>(type: "INTEGER", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_call_reminders", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_federation_call_reminders_federation_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "federation_calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_federation_call_reminders_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_federation_call_reminders_call_id",
                table: "federation_call_reminders",
                column: "call_id");

            migrationBuilder.CreateIndex(
                name: "ix_federation_call_reminders_tenant_id_call_id_deadline_at_days_before_user_id",
                table: "federation_call_reminders",
                columns: new[] { "tenant_id", "call_id", "deadline_at", "days_before", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_federation_calls_federation_id_deadline_at",
                table: "federation_calls",
                columns: new[] { "federation_id", "deadline_at" });

            migrationBuilder.CreateIndex(
                name: "ix_federation_documents_federation_id_category_uploaded_at",
                table: "federation_documents",
                columns: new[] { "federation_id", "category", "uploaded_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "federation_call_reminders");

            migrationBuilder.DropTable(
                name: "federation_documents");

            migrationBuilder.DropTable(
                name: "federation_calls");
        }
    }
}
