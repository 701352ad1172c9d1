/* Generated-style function references (what `convex codegen` writes). */
import { anyApi, type ApiFromModules, type FilterApi, type FunctionReference } from 'convex/server';
import type * as health from '../health';
import type * as tenant from '../tenant';

type FullApi = ApiFromModules<{ health: typeof health; tenant: typeof tenant }>;

export const api: FilterApi<FullApi, FunctionReference<'query' | 'mutation' | 'action', 'public'>> = anyApi as never;
export const internal: FilterApi<
  FullApi,
  FunctionReference<'query' | 'mutation' | 'action', 'internal'>
> = anyApi as never;
