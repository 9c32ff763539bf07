import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from './config/config';
import { AdminModule } from './modules/admin/admin.module';
import { AuthModule } from './modules/auth/auth.module';
import { ChartsModule } from './modules/charts/charts.module';
import { OidcModule } from './modules/auth/oidc.module';
import { CollabModule } from './modules/collab/collab.module';
import { EntriesModule } from './modules/entries/entries.module';
import { DatasetsModule } from './modules/datasets/datasets.module';
import { ReportsModule } from './modules/reports/reports.module';
import { DiscussionModule } from './modules/discussion/discussion.module';
import { WorkspaceModule } from './modules/workspace/workspace.module';
import { FilesModule } from './modules/files/files.module';
import { GroupsModule } from './modules/groups/groups.module';
import { HealthController } from './modules/health/health.controller';
import { InvitationsModule } from './modules/invitations/invitations.module';
import { JoinRequestsModule } from './modules/join-requests/join-requests.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { ModerationModule } from './modules/moderation/moderation.module';
import { PublishingModule } from './modules/publishing/publishing.module';
import { ReachHookModule } from './modules/reach/reach-hook.module';
import { ReachModule } from './modules/reach/reach.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { ReferencesModule } from './modules/references/references.module';
import { SearchModule } from './modules/search/search.module';
import { UsersModule } from './modules/users/users.module';

/** Configuration and the database, made available to every module. */
@Global()
@Module({})
class CoreModule {
  static register(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DataSource, useValue: dataSource },
      ],
      exports: [APP_CONFIG, DataSource],
    };
  }
}

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static register()
export class AppModule {
  static register(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, dataSource),
        UsersModule,
        GroupsModule,
        AuthModule,
        AdminModule,
        EntriesModule,
        CollabModule,
        RealtimeModule,
        ModerationModule,
        SearchModule,
        ReachHookModule,
        PublishingModule,
        MetricsModule,
        InvitationsModule,
        JoinRequestsModule,
        FilesModule,
        DatasetsModule,
        ReportsModule,
        ChartsModule,
        OidcModule,
        ReferencesModule,
        ReachModule,
        NotificationsModule,
        DiscussionModule,
        WorkspaceModule,
      ],
      controllers: [HealthController],
    };
  }
}
