using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Coll3_CoordinatorsAndQuestions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "collective_questions",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collective_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    body = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    moderated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_questions", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collective_questions_collective_members_tenant_id_member_id",
                        columns: x => new { x.tenant_id, x.member_id },
                        principalTable: "collective_members",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collective_questions_collectives_tenant_id_collective_id",
                        columns: x => new { x.tenant_id, x.collective_id },
                        principalTable: "collectives",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collective_staff_coordinators",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collective_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    shown_publicly = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_staff_coordinators", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collective_staff_coordinators_collectives_tenant_id_collect~",
                        columns: x => new { x.tenant_id, x.collective_id },
                        principalTable: "collectives",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collective_staff_coordinators_tenant_memberships_tenant_id_~",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "tenant_memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_collective_questions_tenant_id_collective_id_status_created~",
                table: "collective_questions",
                columns: new[] { "tenant_id", "collective_id", "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_questions_tenant_id_member_id_created_at",
                table: "collective_questions",
                columns: new[] { "tenant_id", "member_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_staff_coordinators_tenant_id_collective_id_user_~",
                table: "collective_staff_coordinators",
                columns: new[] { "tenant_id", "collective_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_collective_staff_coordinators_tenant_id_user_id",
                table: "collective_staff_coordinators",
                columns: new[] { "tenant_id", "user_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "collective_questions");

            migrationBuilder.DropTable(
                name: "collective_staff_coordinators");
        }
    }
}
