using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Jobs_Hangfire : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_schedules");

            migrationBuilder.DropIndex(
                name: "ix_jobs_ready",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_state_locked_until",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "locked_until",
                table: "jobs");

            migrationBuilder.AddColumn<string>(
                name: "hangfire_job_id",
                table: "jobs",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_state_finished_at",
                table: "jobs",
                columns: new[] { "state", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_undispatched",
                table: "jobs",
                column: "id",
                filter: "hangfire_job_id IS NULL AND state = 'queued'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_state_finished_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_undispatched",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "hangfire_job_id",
                table: "jobs");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "locked_until",
                table: "jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "job_schedules",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    cron = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_fired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_fire_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    time_zone_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_schedules", x => x.key);
                });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_ready",
                table: "jobs",
                columns: new[] { "run_at", "id" },
                filter: "state IN ('queued', 'failed')");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_state_locked_until",
                table: "jobs",
                columns: new[] { "state", "locked_until" });

            migrationBuilder.CreateIndex(
                name: "ix_job_schedules_next_fire_at",
                table: "job_schedules",
                column: "next_fire_at");

            migrationBuilder.CreateIndex(
                name: "ix_job_schedules_tenant_id",
                table: "job_schedules",
                column: "tenant_id");
        }
    }
}
