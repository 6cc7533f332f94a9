import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '@headend/ports';
import { readBackingServices } from './backing-services.js';

describe('readBackingServices', () => {
  it('given no variables, points at the deploy/local defaults', () => {
    expect(readBackingServices({})).toEqual({
      kafka: { brokers: ['127.0.0.1:9092'] },
      redis: { url: 'redis://127.0.0.1:6379' },
      mongo: { url: 'mongodb://127.0.0.1:27017', database: 'headend' },
    });
  });

  it('given only ports, builds loopback addresses from them', () => {
    const services = readBackingServices({
      HEADEND_KAFKA_PORT: '19092',
      HEADEND_REDIS_PORT: '16379',
      HEADEND_MONGO_PORT: '37017',
    });
    expect(services.kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(services.redis.url).toBe('redis://127.0.0.1:16379');
    expect(services.mongo.url).toBe('mongodb://127.0.0.1:37017');
  });

  it('given explicit addresses, uses them over the ports', () => {
    const services = readBackingServices({
      HEADEND_KAFKA_PORT: '1',
      HEADEND_KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
      HEADEND_REDIS_URL: 'rediss://cache:6380/2',
      HEADEND_MONGO_URL: 'mongodb+srv://cluster.example',
      HEADEND_MONGO_DB: 'acs_prod',
    });
    expect(services.kafka.brokers).toEqual(['kafka-0:9092', 'kafka-1:9092']);
    expect(services.redis.url).toBe('rediss://cache:6380/2');
    expect(services.mongo).toEqual({ url: 'mongodb+srv://cluster.example', database: 'acs_prod' });
  });

  it.each([
    [{ HEADEND_KAFKA_PORT: '70000' }, 'HEADEND_KAFKA_PORT'],
    [{ HEADEND_REDIS_PORT: 'six' }, 'HEADEND_REDIS_PORT'],
    [{ HEADEND_KAFKA_BROKERS: ' , ' }, 'HEADEND_KAFKA_BROKERS'],
    [{ HEADEND_KAFKA_BROKERS: 'kafka-0' }, 'HEADEND_KAFKA_BROKERS'],
    [{ HEADEND_REDIS_URL: 'http://cache' }, 'HEADEND_REDIS_URL'],
    [{ HEADEND_MONGO_URL: 'not a url' }, 'HEADEND_MONGO_URL'],
    [{ HEADEND_MONGO_DB: 'a.b' }, 'HEADEND_MONGO_DB'],
  ])('given %o, fails naming %s', (env, variable) => {
    let caught: unknown;
    try {
      readBackingServices(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidConfigError);
    expect((caught as InvalidConfigError).variable).toBe(variable);
    expect((caught as InvalidConfigError).message).toMatch(new RegExp(`^${variable}: `));
  });
});
