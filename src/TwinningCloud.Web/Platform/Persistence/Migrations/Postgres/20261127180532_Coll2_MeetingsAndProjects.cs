using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Coll2_MeetingsAndProjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "collective_meetings",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collective_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    place = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    online_link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    agenda_markdown = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    is_cancelled = table.Column<bool>(type: "boolean", nullable: false),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_meetings", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collective_meetings_collectives_tenant_id_collective_id",
                        columns: x => new { x.tenant_id, x.collective_id },
                        principalTable: "collectives",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collective_micro_projects",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collective_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    volunteers_wanted = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_micro_projects", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collective_micro_projects_collectives_tenant_id_collective_~",
                        columns: x => new { x.tenant_id, x.collective_id },
                        principalTable: "collectives",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collective_meeting_mails",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rsvp_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_meeting_mails", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collective_meeting_mails_collective_meetings_tenant_id_meet~",
                        columns: x => new { x.tenant_id, x.meeting_id },
                        principalTable: "collective_meetings",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collective_meeting_mails_collective_members_tenant_id_membe~",
                        columns: x => new { x.tenant_id, x.member_id },
                        principalTable: "collective_members",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collective_meeting_rsvps",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    answer = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_meeting_rsvps", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collective_meeting_rsvps_collective_meetings_tenant_id_meet~",
                        columns: x => new { x.tenant_id, x.meeting_id },
                        principalTable: "collective_meetings",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collective_meeting_rsvps_collective_members_tenant_id_membe~",
                        columns: x => new { x.tenant_id, x.member_id },
                        principalTable: "collective_members",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collective_micro_project_volunteers",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collective_micro_project_volunteers", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_collective_micro_project_volunteers_collective_members_tena~",
                        columns: x => new { x.tenant_id, x.member_id },
                        principalTable: "collective_members",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collective_micro_project_volunteers_collective_micro_projec~",
                        columns: x => new { x.tenant_id, x.project_id },
                        principalTable: "collective_micro_projects",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_collective_meeting_mails_tenant_id_meeting_id_member_id_kin~",
                table: "collective_meeting_mails",
                columns: new[] { "tenant_id", "meeting_id", "member_id", "kind", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_collective_meeting_mails_tenant_id_member_id",
                table: "collective_meeting_mails",
                columns: new[] { "tenant_id", "member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_meeting_mails_tenant_id_rsvp_hash",
                table: "collective_meeting_mails",
                columns: new[] { "tenant_id", "rsvp_hash" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_meeting_rsvps_tenant_id_meeting_id_member_id",
                table: "collective_meeting_rsvps",
                columns: new[] { "tenant_id", "meeting_id", "member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_collective_meeting_rsvps_tenant_id_member_id",
                table: "collective_meeting_rsvps",
                columns: new[] { "tenant_id", "member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_meetings_tenant_id_collective_id_starts_at",
                table: "collective_meetings",
                columns: new[] { "tenant_id", "collective_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_micro_project_volunteers_tenant_id_member_id",
                table: "collective_micro_project_volunteers",
                columns: new[] { "tenant_id", "member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_collective_micro_project_volunteers_tenant_id_project_id_me~",
                table: "collective_micro_project_volunteers",
                columns: new[] { "tenant_id", "project_id", "member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_collective_micro_projects_tenant_id_collective_id_status",
                table: "collective_micro_projects",
                columns: new[] { "tenant_id", "collective_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "collective_meeting_mails");

            migrationBuilder.DropTable(
                name: "collective_meeting_rsvps");

            migrationBuilder.DropTable(
                name: "collective_micro_project_volunteers");

            migrationBuilder.DropTable(
                name: "collective_meetings");

            migrationBuilder.DropTable(
                name: "collective_micro_projects");
        }
    }
}
