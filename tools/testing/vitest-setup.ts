// NestJS and TypeORM read decorator metadata through the reflect-metadata polyfill.
import 'reflect-metadata';
