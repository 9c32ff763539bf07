import { Global, Module } from '@nestjs/common';
import { ReachHook } from './reach-hook.service';

/**
 * The one ReachHook, for every module that serves public reads (the public
 * site, the reports' media) without depending on the reach module, and for the
 * reach module that fills it in. Global, because publishing imports reports.
 */
@Global()
@Module({ providers: [ReachHook], exports: [ReachHook] })
export class ReachHookModule {}
