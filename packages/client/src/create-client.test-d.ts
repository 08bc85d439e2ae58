import { describe, expectTypeOf, it } from 'vitest';
import { type ClientError, createClient, type RouterOutputs } from './index.ts';

const client = createClient({ url: 'http://127.0.0.1:3000' });

describe('createClient is typed from the contract alone', () => {
  it('takes Dates and returns Dates', () => {
    expectTypeOf(client.tasks.create.mutate)
      .parameter(0)
      .toHaveProperty('dueDate')
      .toEqualTypeOf<Date | undefined>();
    expectTypeOf<RouterOutputs['tasks']['get']['dueDate']>().toEqualTypeOf<Date | null>();
  });

  it('has the shapes outside callers rely on', () => {
    expectTypeOf(client.auth.signUp.mutate)
      .parameter(0)
      .toEqualTypeOf<{ email: string; password: string; name: string }>();
    expectTypeOf<RouterOutputs['auth']['logIn']>().toHaveProperty('accessToken').toEqualTypeOf<string>();
    expectTypeOf<RouterOutputs['projects']['create']>().toHaveProperty('id').toEqualTypeOf<string>();
    expectTypeOf<RouterOutputs['tasks']['list']>()
      .toHaveProperty('nextCursor')
      .toEqualTypeOf<string | null>();
  });

  it('lets list procedures with defaults be called without input', () => {
    expectTypeOf(client.projects.list.query).toBeCallableWith();
    expectTypeOf(client.auth.me.query).toBeCallableWith();
  });

  it('types subscription events as a union', () => {
    client.tasks.onChange.subscribe(
      { projectId: '' },
      {
        onData: (change) => {
          if (change.type === 'deleted') expectTypeOf(change.taskId).toEqualTypeOf<string>();
          else expectTypeOf(change.task.dueDate).toEqualTypeOf<Date | null>();
        },
      },
    );
  });

  it('types error codes from the catalogue', () => {
    expectTypeOf<NonNullable<ClientError['data']>['appCode']>().toExtend<string>();
    expectTypeOf<'EMAIL_TAKEN'>().toExtend<NonNullable<ClientError['data']>['appCode']>();
  });

  it('refuses a wrong input', () => {
    // @ts-expect-error dueDate must be a Date
    client.tasks.create.mutate({ projectId: '', title: 't', dueDate: '2030-01-01' });
  });
});
